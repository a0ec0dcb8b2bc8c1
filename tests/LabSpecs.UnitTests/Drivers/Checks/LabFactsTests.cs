using LabSpecs.Drivers.Docker;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Drivers.Swarm;
using LabSpecs.Drivers.Underlay;
using LabSpecs.Drivers.Networking;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Checks;

/// <summary>
/// Each check a step makes, on real output recorded from an embedded docker host (dockerd 20.10): it holds for the true
/// value and fails, saying what the host showed, for a wrong one.
/// </summary>
public class LabFactsTests
{
    private static NetworkDetails Inspect(string file) => DockerNetworkOutput.ParseInspect(Recorded.Read(Path.Combine("Cli", file)));

    private static IReadOnlyList<NetworkInterface> HostInterfaces() => IpJsonParser.ParseInterfaces(Recorded.Read("ip-d-j-addr-docker0-my-bridge.json"));

    [Test]
    public void The_bridge_of_a_new_network_is_found_on_the_host_by_its_ID()
    {
        var bridge = LabFacts.BridgeNamedAfterId(Inspect("docker-network-inspect-my-bridge-2010.json"), HostInterfaces(), "docker-host");

        bridge.Name.ShouldBe("br-d8dab0cec93f");
    }

    [Test]
    public void A_network_whose_ID_names_no_bridge_on_the_host_fails_listing_the_bridges()
    {
        // the same network with another ID: the host has no bridge named after it
        var other = Inspect("docker-network-inspect-my-bridge-2010.json") with { Id = "0123456789ab" + new string('0', 52), Options = new Dictionary<string, string>() };

        var e = Should.Throw<LabFactException>(() => LabFacts.BridgeNamedAfterId(other, HostInterfaces(), "docker-host"));

        e.Message.ShouldContain("br-0123456789ab");
        e.Message.ShouldContain("docker0, br-d8dab0cec93f");
    }

    [Test]
    public void The_default_bridge_gateway_is_what_docker0_holds_when_inspect_names_none()
    {
        var bridge = Inspect("docker-network-inspect-bridge-first-start.json");
        bridge.Ipam.Single().Gateway.ShouldBeNull("dockerd 20.10 names no gateway on its first start: the recording shows that case");

        var seen = LabFacts.Gateway(bridge, "172.17.0.0/16", "172.17.0.1", HostInterfaces().Single(i => i.Name == "docker0"));

        seen.ShouldContain("gateway (none named)");
        seen.ShouldContain("docker0 holds 172.17.0.1/16");
    }

    [Test]
    public void A_wrong_gateway_fails_showing_what_inspect_and_the_bridge_hold()
    {
        var bridge = Inspect("docker-network-inspect-bridge-first-start.json");

        var e = Should.Throw<LabFactException>(() =>
            LabFacts.Gateway(bridge, "172.17.0.0/16", "172.17.0.254", HostInterfaces().Single(i => i.Name == "docker0")));

        e.Message.ShouldContain("should be 172.17.0.254");
        e.Message.ShouldContain("gateway (none named)");
        e.Message.ShouldContain("docker0 holds 172.17.0.1/16");
    }

    [Test]
    public void A_gateway_named_by_inspect_must_be_the_expected_one()
    {
        // the handbook's case: a restarted daemon's inspect names 172.17.0.1; here it names another address
        var bridge = Inspect("docker-network-inspect-bridge-first-start.json");
        var named = bridge with { Ipam = [new IpamPool("172.17.0.0/16", "172.17.0.9")] };

        Should.Throw<LabFactException>(() => LabFacts.Gateway(named, "172.17.0.0/16", "172.17.0.1", HostInterfaces().Single(i => i.Name == "docker0")))
            .Message.ShouldContain("gateway 172.17.0.9");
    }

    [Test]
    public void A_random_host_port_lies_in_the_hosts_ephemeral_range()
    {
        var range = Recorded.Read("ip_local_port_range.txt");

        LabFacts.ParsePortRange(range).ShouldBe((32768, 60999));
        Should.NotThrow(() => LabFacts.EphemeralPort(32768, range, "port 80 of demo"));
        Should.Throw<LabFactException>(() => LabFacts.EphemeralPort(8080, range, "port 80 of demo")).Message.ShouldContain("32768-60999");
        Should.Throw<LabFactException>(() => LabFacts.EphemeralPort(61000, range, "port 80 of demo"));
    }

    [Test]
    public void The_status_column_of_the_named_container_is_checked_not_any_row()
    {
        var running = Recorded.Read(Path.Combine("Cli", "docker-ps-demo.txt"));
        LabFacts.ContainerStatus(running, "demo", "Up")["STATUS"].ShouldStartWith("Up");

        // demo exited while another container is Up: the output contains "Up " but demo's row does not
        var exited = Recorded.Read(Path.Combine("Cli", "docker-ps-a-demo-exited.txt"));
        exited.ShouldContain("Up ");
        Should.Throw<LabFactException>(() => LabFacts.ContainerStatus(exited, "demo", "Up")).Message.ShouldContain("Exited (137)");
        Should.Throw<LabFactException>(() => LabFacts.ContainerStatus(exited, "nosuch", "Up"));
    }

    [Test]
    public void A_vxlan_capture_is_checked_for_the_VNI_it_names()
    {
        var packets = CapturedPacket.ParseAll(Recorded.MultiHost("tcpdump-flannel-8472.txt"));

        packets.ShouldContain(p => p.IsVxlanTo(8472, 100));
        packets.ShouldNotContain(p => p.IsVxlanTo(8472, 101));
        packets.ShouldNotContain(p => p.IsVxlanTo(4789, 100));
    }

    [Test]
    public void Swarm_join_is_checked_for_the_handbooks_words_not_only_its_exit_code()
    {
        // the handbook's transcript of docker swarm join on swarm-worker1
        var joined = new LabSpecs.Core.ExecResult("docker swarm join --token SWMTKN-1-x 192.168.99.100:2377", "swarm-worker1", 0,
            "This node joined a swarm as a worker.\n", "", TimeSpan.FromSeconds(1));
        Should.NotThrow(() => SwarmCluster.EnsureJoinedAsWorker(joined));

        // exit code 0 but it joined as a manager
        var manager = joined with { Stdout = "This node joined a swarm as a manager.\n" };
        Should.Throw<LabSpecs.Core.LabSpecsException>(() => SwarmCluster.EnsureJoinedAsWorker(manager)).Message.ShouldContain("swarm-worker1");
    }
}
