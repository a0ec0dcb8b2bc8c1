using LabSpecs.Environments;
using LabSpecs.Environments.Kubernetes;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments.Kubernetes;

public sealed class ClusterTopologyTests
{
    [Test]
    public void A_cluster_topology_needs_no_hosts_and_resolves_its_kubeconfig_paths_against_the_file()
    {
        const string yaml = """
            topologies:
              lab:
                provider: kubernetes
                kubeconfig: [kube/a.yaml, /etc/kube/b.yaml]
                context: lab-admin
            """;

        var t = EnvironmentFile.Parse(yaml, "/srv/labspecs/environments/mine.yml")["lab"];

        t.Provider.ShouldBe("kubernetes");
        t.Hosts.ShouldBeEmpty();
        t.Cluster.ShouldNotBeNull().Kubeconfigs.ShouldBe(["/srv/labspecs/environments/kube/a.yaml", "/etc/kube/b.yaml"]);
        t.Cluster.Context.ShouldBe("lab-admin");
    }

    [Test]
    public void A_kubeconfig_on_a_host_topology_is_an_error_at_its_line()
    {
        const string yaml = """
            topologies:
              t:
                provider: embedded
                subnet: 192.168.205.0/24
                kubeconfig: ~/.kube/config
                hosts: [{ name: h1, address: 192.168.205.10 }]
            """;

        var e = Should.Throw<EnvironmentFileException>(() => EnvironmentFile.Parse(yaml, "environments/test.yml"));

        e.Line.ShouldBe(5);
        e.Message.ShouldContain("'kubeconfig' belongs to provider kubernetes, not to provider");
    }

    [Test]
    public void Without_any_kubeconfig_the_environment_lacks_kubernetes_with_the_one_line_reason()
    {
        var topology = new TopologySpec("k8s", "kubernetes", EnvironmentFile.NoSubnet, [], "local.yml",
            new ClusterAccess(["/nonexistent/labspecs/kubeconfig"], null));

        var env = new KubernetesProvider().CreateAsync(topology, LabSpecs.Core.NullEvidenceSink.Instance).GetAwaiter().GetResult();

        env.Capabilities.Has("kubernetes").ShouldBeFalse();
        env.Capabilities.WhyMissing("kubernetes").ShouldBe("no Kubernetes cluster: set KUBECONFIG or add a kubernetes topology");
        env.Hosts.ShouldBeEmpty();
    }

    [Test]
    public void A_cluster_topology_may_name_a_namespace_the_user_already_has()
    {
        const string yaml = """
            topologies:
              lab:
                provider: kubernetes
                context: team
                namespace: lab-team
            """;

        EnvironmentFile.Parse(yaml, "/srv/mine.yml")["lab"].Cluster.ShouldNotBeNull().Namespace.ShouldBe("lab-team");
    }

    /// <summary>The leftover sweep talks to the clusters the run talks to: each topology's kubeconfig and context, not only $KUBECONFIG.</summary>
    [Test]
    public void The_sweep_uses_the_kubeconfig_and_context_of_each_cluster_topology()
    {
        const string yaml = """
            topologies:
              lab:
                provider: kubernetes
                kubeconfig: /etc/kube/lab.yaml
                context: lab-admin
              k8s:
                provider: kubernetes
              docker-host:
                provider: embedded
                subnet: 192.168.205.0/24
                hosts: [{ name: h1, address: 192.168.205.10 }]
            """;

        var targets = KubernetesProvider.SweepTargets(EnvironmentFile.Parse(yaml, "/srv/mine.yml").Values);

        targets.Select(t => (string.Join(":", t.Kubeconfigs), t.Context)).ShouldBe([("/etc/kube/lab.yaml", "lab-admin"), ("", (string?)null)], ignoreOrder: true);
    }
}
