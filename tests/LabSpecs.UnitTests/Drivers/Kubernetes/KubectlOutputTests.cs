using LabSpecs.Drivers.Kubernetes;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Kubernetes;

/// <summary>The kubectl, kubeadm and flask demo parsers on the handbook's transcripts (Recorded/Kubernetes).</summary>
public sealed class KubectlOutputTests
{
    private static string Read(string name) => LabSpecs.UnitTests.Drivers.Recorded.Read(Path.Combine("Kubernetes", name));

    [Test]
    public void Get_pods_wide_shows_the_redis_pod_running_on_a_node()
    {
        var pod = KubectlOutput.Pods(Read("get-pods-wide-redis-1.5.txt")).ShouldHaveSingleItem();

        pod.ShouldBe(new PodRow("redis", "1/1", "Running", 0, "1m", "10.2.26.2", "172.17.4.201"));
        pod.AllReady.ShouldBeTrue();
    }

    [Test]
    public void After_the_replication_controller_there_are_four_pods_the_standalone_web_pod_among_them()
    {
        var pods = KubectlOutput.Pods(Read("get-pods-wide-rc-1.5.txt"));

        pods.Select(p => p.Name).ShouldBe(["redis", "web", "web-jlzm4", "web-sz150"]);
        pods.Count(p => p.Name.StartsWith("web", StringComparison.Ordinal)).ShouldBe(3);
        pods.ShouldAllBe(p => p.Status == "Running" && p.AllReady);
        pods.Single(p => p.Name == "web").Node.ShouldBe("172.17.4.203");
    }

    [Test]
    public void Get_pods_without_wide_has_no_ip_or_node()
    {
        var pods = KubectlOutput.Pods(Read("get-pods-after-rolling-update-1.5.txt"));

        pods.Count.ShouldBe(4);
        pods[1].ShouldBe(new PodRow("web-db65f4ce913c452364a2075625221bec-130ll", "1/1", "Running", 0, "3m", null, null));
    }

    [Test]
    public void Todays_restarts_column_with_the_time_of_the_last_restart_is_read_as_a_count()
    {
        // kubectl 1.22+ prints "2 (5m ago)" in RESTARTS and adds NOMINATED NODE / READINESS GATES (format per the kubectl docs)
        const string text = """
            NAME    READY   STATUS    RESTARTS     AGE   IP           NODE          NOMINATED NODE   READINESS GATES
            redis   1/1     Running   2 (5m ago)   10m   10.244.1.3   k8s-worker1   <none>           <none>
            """;

        KubectlOutput.Pods(text).ShouldHaveSingleItem().ShouldBe(new PodRow("redis", "1/1", "Running", 2, "10m", "10.244.1.3", "k8s-worker1"));
    }

    [Test]
    public void Get_nodes_on_the_kubeadm_cluster_shows_three_ready_nodes_and_the_master_role()
    {
        var nodes = KubectlOutput.Nodes(Read("get-nodes-kubeadm-1.5.txt"));

        nodes.Select(n => n.Name).ShouldBe(["k8s-master", "k8s-worker1", "k8s-worker2"]);
        nodes.ShouldAllBe(n => n.IsReady);
        nodes.Where(n => n.IsControlPlane).Select(n => n.Name).ShouldBe(["k8s-master"]);
    }

    [Test]
    public void A_controller_with_scheduling_disabled_is_ready_but_not_the_kubeadm_master()
    {
        var nodes = KubectlOutput.Nodes(Read("get-nodes-coreos-1.5.txt"));

        nodes.Count.ShouldBe(4);
        nodes.ShouldAllBe(n => n.IsReady);
        nodes[0].Status.ShouldBe("Ready,SchedulingDisabled");
        nodes.ShouldAllBe(n => !n.IsControlPlane);
    }

    [Test]
    public void Todays_roles_column_names_the_control_plane()
    {
        const string text = """
            NAME          STATUS     ROLES           AGE   VERSION
            k8s-master    Ready      control-plane   10m   v1.32.4
            k8s-worker1   NotReady   <none>          1m    v1.32.4
            """;

        var nodes = KubectlOutput.Nodes(text);

        nodes[0].IsControlPlane.ShouldBeTrue();
        nodes[1].ShouldSatisfyAllConditions(n => n.IsReady.ShouldBeFalse(), n => n.Roles.ShouldBe(""));
    }

    [Test]
    public void Get_svc_shows_the_redis_port_and_the_web_node_port()
    {
        KubectlOutput.Services(Read("get-svc-redis-1.5.txt")).Single(s => s.Name == "redis").Ports.ShouldBe([new ServicePort(6379, null, "TCP")]);

        var web = KubectlOutput.Services(Read("get-svc-web-1.5.txt")).Single(s => s.Name == "web");

        web.ExternalIp.ShouldBe("<nodes>");
        web.NodePortFor(80).ShouldBe(32204);
        web.Ports.ShouldBe([new ServicePort(80, 32204, "TCP")]);
    }

    [TestCase("pod \"redis\" created", "pod", "redis", "created")]
    [TestCase("replicationcontroller \"web\" created", "replicationcontroller", "web", "created")]
    [TestCase("replicationcontroller \"web\" rolling updated", null, null, null)]
    [TestCase("pod/redis created", "pod", "redis", "created")]
    [TestCase("deployment.apps/web created", "deployment", "web", "created")]
    [TestCase("replicationcontroller/web scaled", "replicationcontroller", "web", "scaled")]
    public void Created_lines_of_then_and_now_name_the_kind_and_the_object(string line, string? kind, string? name, string? verb)
    {
        var created = KubectlOutput.Created(line);

        if (kind is null) created.ShouldBeEmpty();
        else created.ShouldHaveSingleItem().ShouldBe(new CreatedObject(kind, name!, verb!));
    }

    [Test]
    public void A_table_without_the_expected_columns_is_a_format_error_showing_the_text()
    {
        var e = Should.Throw<FormatException>(() => KubectlOutput.Pods("No resources found in ls-1a2b3c-1 namespace."));

        e.Message.ShouldContain("No resources found");
    }

    [Test]
    public void Kubeadm_init_of_the_handbook_prints_the_join_command_with_its_token()
    {
        var join = KubeadmOutput.JoinCommand(Read("kubeadm-init-1.5.txt")).ShouldNotBeNull();

        join.ShouldBe(new KubeadmJoin("kubeadm join --token=af6b44.f383a4116ef0d028 192.168.205.10", "af6b44.f383a4116ef0d028", "192.168.205.10"));
    }

    [Test]
    public void Todays_join_command_spans_two_lines_and_carries_the_ca_hash()
    {
        const string output = "Then you can join any number of worker nodes by running the following on each as root:\n\n" +
            "kubeadm join 192.168.205.10:6443 --token abcdef.0123456789abcdef \\\n" +
            "\t--discovery-token-ca-cert-hash sha256:8c2e1ab0f5a1c0d3e0c5b4a1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1\n";

        var join = KubeadmOutput.JoinCommand(output).ShouldNotBeNull();

        join.Token.ShouldBe("abcdef.0123456789abcdef");
        join.ApiServer.ShouldBe("192.168.205.10:6443");
        join.Command.ShouldBe("kubeadm join 192.168.205.10:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:8c2e1ab0f5a1c0d3e0c5b4a1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1");
    }

    [Test]
    public void The_flask_demo_answers_count_up_and_2_0_adds_the_hostname()
    {
        Read("curl-web-after-redis-service-1.5.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(FlaskDemoAnswer.Parse)
            .ShouldBe([new FlaskDemoAnswer(1, null), new FlaskDemoAnswer(2, null)]);
        Read("curl-web-2.0-1.5.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(a => FlaskDemoAnswer.Parse(a)!.Hostname)
            .ShouldBe(["web-db65f4ce913c452364a2075625221bec-130ll", "web-db65f4ce913c452364a2075625221bec-85365",
                "web-db65f4ce913c452364a2075625221bec-130ll", "web-db65f4ce913c452364a2075625221bec-130ll"]);
    }

    [Test]
    public void The_redis_connection_error_is_not_an_answer()
    {
        var page = Read("curl-web-before-redis-service-1.5.txt");

        FlaskDemoAnswer.Parse(page).ShouldBeNull();
        page.ShouldContain("connecting to redis:6379");
    }
}
