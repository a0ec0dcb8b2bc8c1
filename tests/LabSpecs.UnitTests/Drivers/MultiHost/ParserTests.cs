using LabSpecs.UnitTests.Drivers;
using NUnit.Framework;
using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Core;
using LabSpecs.Drivers.Compose;
using LabSpecs.Drivers.Docker;
using LabSpecs.Drivers.Etcd;
using LabSpecs.Drivers.Flannel;
using LabSpecs.Drivers.Swarm;
using LabSpecs.Drivers.Underlay;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.MultiHost;

public class EtcdHealthTests
{
    [Test]
    public void A_healthy_two_member_cluster_reports_both_members_and_the_cluster_healthy()
    {
        var health = EtcdHealth.Parse(Recorded.MultiHost("etcdctl-cluster-health.txt"));

        health.ClusterHealthy.ShouldBeTrue();
        health.Members.Select(m => m.Id).ShouldBe(["21eca106efe4caee", "8614974c83d1cc6d"]);
        health.Members.ShouldAllBe(m => m.Healthy);
        health.Members[1].ClientUrl.ShouldBe("http://192.168.205.11:2379");
    }

    [Test]
    public void A_cluster_that_lost_a_member_is_not_healthy()
    {
        var health = EtcdHealth.Parse(Recorded.MultiHost("etcdctl-cluster-health-degraded.txt"));

        health.ClusterHealthy.ShouldBeFalse();
        health.Members.Count.ShouldBe(2);
        health.Members.ShouldAllBe(m => !m.Healthy);
    }
}

public class SwarmTableTests
{
    [Test]
    public void Node_ls_marks_the_current_node_and_keeps_an_empty_manager_status()
    {
        var nodes = SwarmNode.ParseList(Recorded.MultiHost("docker-node-ls.txt"));

        nodes.Count.ShouldBe(2);
        nodes[0].ShouldBe(new SwarmNode("x9yxtl8z2zycgm7325457ud7s", true, "docker-node1", "Ready", "Active", "Leader"));
        nodes[1].Self.ShouldBeFalse();
        nodes[1].ManagerStatus.ShouldBe("");
        nodes.ShouldAllBe(n => n.IsReady);
    }

    [Test]
    public void Service_ps_gives_the_node_of_every_task()
    {
        var tasks = ServiceTask.ParseList(Recorded.MultiHost("docker-service-ps-scaled.txt"));

        tasks.Select(t => t.Name).ShouldBe(["web.1", "web.2", "web.3", "web.4"]);
        tasks.GroupBy(t => t.Node).Select(g => (g.Key, g.Count())).OrderBy(x => x.Key)
            .ShouldBe([("docker-node1", 2), ("docker-node2", 2)]);
        tasks.ShouldAllBe(t => t.IsRunning && !t.IsHistory);
        tasks[3].CurrentState.ShouldBe("Running 8 seconds ago");
    }

    [Test]
    public void Network_ls_on_a_swarm_worker_shows_ingress_overlay_and_docker_gwbridge()
    {
        var nets = DockerNetworkOutput.ParseList(Recorded.MultiHost("docker-network-ls-swarm-worker.txt"));

        nets.ShouldContain(new NetworkSummary("yoyfgk0sw6b4", "ingress", "overlay", "swarm"));
        nets.ShouldContain(n => n.Name == "docker_gwbridge" && n.Driver == "bridge" && n.Scope == "local");
    }

    [Test]
    public void Network_ls_with_an_etcd_store_shows_the_overlay_with_global_scope()
    {
        var nets = DockerNetworkOutput.ParseList(Recorded.MultiHost("docker-network-ls-etcd-node2.txt"));

        nets.Single(n => n.Name == "demo").ShouldBe(new NetworkSummary("d46d32d2ab5e", "demo", "overlay", "global"));
    }
}

public class NetworkAndInterfaceTests
{
    [Test]
    public void Network_inspect_gives_subnet_and_attached_containers()
    {
        var net = DockerNetworkOutput.ParseInspect(Recorded.MultiHost("docker-network-inspect-front-tier.json"));

        net.Name.ShouldBe("examplevotingapp_front-tier");
        net.Driver.ShouldBe("bridge");
        net.Scope.ShouldBe("local");
        net.Subnets.Count.ShouldBe(1);
        net.Containers.Select(c => c.Name).ShouldBe(["examplevotingapp_voting-app_1"]);
        net.Containers[0].IPv4Address.ShouldEndWith("/16");
    }

    [Test]
    public void Busybox_ip_addr_in_an_overlay_container_shows_mtu_1450_on_eth0_and_1500_on_the_gateway_bridge()
    {
        var ifs = LabSpecs.Drivers.Networking.IpTextParser.ParseAddr(Recorded.MultiHost("busybox-ip-addr-overlay.txt"));

        ifs.Select(i => i.Name).ShouldBe(["lo", "eth0", "eth1"]);
        ifs[1].ShouldSatisfyAllConditions(i => i.Mtu.ShouldBe(1450), i => i.IPv4.Select(a => a.Cidr).ShouldBe(["10.0.2.2/24"]));
        ifs[2].Mtu.ShouldBe(1500);
        ifs[2].IPv4.Select(a => a.Cidr).ShouldBe(["172.18.0.3/16"]);
    }
}

public class CaptureAndComposeTests
{
    [Test]
    public void Tcpdump_on_the_underlay_decodes_vxlan_with_the_inner_icmp()
    {
        var packets = CapturedPacket.ParseAll(Recorded.MultiHost("tcpdump-vxlan-4789.txt"));

        packets.Count.ShouldBe(6);
        packets.ShouldAllBe(p => p.IsVxlan && p.Vni == 256 && p.DestinationPort == 4789);
        packets[0].ShouldSatisfyAllConditions(
            p => p.OuterSource.ShouldBe("192.168.205.10"), p => p.OuterDestination.ShouldBe("192.168.205.11"),
            p => p.Interface.ShouldBe("x-labs2-n1-a"), p => p.Inner.ShouldBe("IP 10.0.0.2 > 10.0.0.3: ICMP echo request, id 20, seq 0, length 64"));
        packets.Count(p => p.Carries("ICMP echo reply")).ShouldBe(2);
    }

    [Test]
    public void Flannel_vxlan_on_port_8472_is_shown_as_otv_instance_100_with_the_masqueraded_inner_packet()
    {
        var packets = CapturedPacket.ParseAll(Recorded.MultiHost("tcpdump-flannel-8472.txt"));

        packets.Count.ShouldBe(4);
        packets.ShouldAllBe(p => p.IsVxlan && p.Vni == 100 && p.DestinationPort == 8472 && p.Interface == null);
        packets[0].Inner.ShouldBe("IP 10.15.64.0 > 10.13.48.2: ICMP echo request, id 28, seq 0, length 64");
    }

    [Test]
    public void Gre_lines_carry_the_inner_packet_on_the_same_line()
    {
        // The handbook's own capture (docker-ovs.rst): tcpdump -n -i enp0s8 proto gre
        const string line = "14:12:17.966149 IP 192.168.205.11 > 192.168.205.10: GREv0, length 102: IP 172.17.0.2 > 172.17.0.3: ICMP echo request, id 23, seq 1, length 64";

        var p = CapturedPacket.ParseAll(line).ShouldHaveSingleItem();

        p.IsGre.ShouldBeTrue();
        p.Inner.ShouldBe("IP 172.17.0.2 > 172.17.0.3: ICMP echo request, id 23, seq 1, length 64");
        p.SourcePort.ShouldBeNull();
    }

    [Test]
    public void Compose_containers_are_found_by_project_label_with_service_and_networks()
    {
        var containers = ComposeProject.ParseContainers(Recorded.MultiHost("docker-ps-json-compose.txt"));

        containers.Select(c => (c.Name, c.Service)).ShouldBe([
            ("examplevotingapp_redis_1", "redis"), ("examplevotingapp_voting-app_1", "voting-app")]);
        containers[1].Networks.OrderBy(n => n).ShouldBe(["examplevotingapp_back-tier", "examplevotingapp_front-tier"]);
        containers[1].Ports.ShouldContain("0.0.0.0:5000->80/tcp");
        containers.ShouldAllBe(c => c.State == "running");
    }

    [Test]
    public void Http_answers_are_counted_per_replica_and_failures_kept()
    {
        var r = new ExecResult("loop", "docker-node1", 0, "@@I'm a\n@@I'm b\n@@\n@@I'm a\n", "", TimeSpan.Zero);

        var answers = HttpProbe.Collect("docker-node1", "http://127.0.0.1/", 4, r);

        answers.Distinct.ShouldBe(2);
        answers.Failed.ShouldBe(1);
        answers.Tally["I'm a"].ShouldBe(2);
    }

    [Test]
    public void Daemon_settings_merge_keeps_existing_keys_and_removes_nulls()
    {
        var merged = DockerDaemonSettings.Merge("{\"labels\":[\"a\"],\"cluster-store\":\"x\"}",
            new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["cluster-store"] = null, ["cluster-advertise"] = "192.168.205.10:2375" });

        merged.ShouldContain("\"labels\"");
        merged.ShouldNotContain("cluster-store");
        merged.ShouldContain("\"cluster-advertise\": \"192.168.205.10:2375\"");
    }
}

/// <summary>Values the multi-host drivers read back from hosts: flannel's subnet.env, libnetwork's keys in etcd, compose ports.</summary>
public class StoredStateTests
{
    [Test]
    public void Flannel_subnet_env_gives_docker0_its_address_and_mtu()
    {
        var subnet = FlannelSubnet.Parse(Recorded.MultiHost("flannel-subnet-env.txt"));

        subnet.ShouldBe(new FlannelSubnet("10.0.0.0/8", "10.15.64.1/20", 1450));
    }

    [Test]
    public void A_subnet_env_without_a_subnet_is_refused_naming_the_key()
    {
        var e = Should.Throw<LabSpecsException>(() => FlannelSubnet.Parse(Recorded.MultiHost("etcdctl-ls-docker.txt")));

        e.Message.ShouldContain("FLANNEL_SUBNET");
    }

    [Test]
    public void A_stored_network_has_its_name_and_type()
    {
        var network = StoredNetwork.Parse(Recorded.MultiHost("etcdctl-get-network.json"));

        (network.Name, network.NetworkType).ShouldBe(("demo", "overlay"));
    }

    [Test]
    public void A_stored_endpoint_names_its_container_and_the_host_it_lives_on()
    {
        var endpoint = StoredEndpoint.Parse(Recorded.MultiHost("etcdctl-get-endpoint.json"));

        (endpoint.Name, endpoint.Locator).ShouldBe(("test1", "192.168.205.10"));
    }

    [Test]
    public void Compose_ports_give_the_host_port_of_a_container_port()
    {
        var containers = ComposeProject.ParseContainers(Recorded.MultiHost("docker-ps-json-compose.txt"));

        containers.Single(c => c.Name == "examplevotingapp_redis_1").HostPortFor(6379).ShouldBe(32771);
        containers.Single(c => c.Name == "examplevotingapp_redis_1").HostPortFor(80).ShouldBeNull();
    }
}

public class HttpAnswersTests
{
    [Test]
    public void Hit_counts_come_from_the_flask_demos_answers()
    {
        var lines = Recorded.Read(Path.Combine("Kubernetes", "curl-web-after-redis-service-1.5.txt"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        new HttpAnswers("web", "http://10.0.0.2:5000/", [.. lines, ""]).HitCounts.ShouldBe([1, 2, null]);
    }
}
