using LabSpecs.Core;
using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Environments;
using LabSpecs.Environments.Kubernetes;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Kubernetes;

/// <summary>
/// The drivers with the real kubectl and KubernetesClient, pointed at a kubeconfig whose API server is a closed loopback
/// port (127.0.0.1:9, nothing listens): what can be checked without a cluster — the command line, the evidence, and how
/// "no answer" is reported. Nothing leaves the machine.
/// </summary>
public sealed class KubectlDriverTests
{
    private string _dir = "";
    private string _kubeconfig = "";

    [SetUp]
    public void WriteKubeconfig()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ls-kubectl-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        _kubeconfig = Path.Combine(_dir, "config");
        File.WriteAllText(_kubeconfig, """
            apiVersion: v1
            kind: Config
            current-context: closed
            clusters:
            - name: closed
              cluster: { server: "https://127.0.0.1:9", insecure-skip-tls-verify: true }
            users:
            - name: nobody
              user: { token: not-a-token }
            contexts:
            - name: closed
              context: { cluster: closed, user: nobody }
            """);
    }

    [TearDown]
    public void Remove() => Directory.Delete(_dir, recursive: true);

    private static void NeedKubectl()
    {
        if (Kubectl.Path() is null) Assert.Ignore("kubectl is not installed on this machine");
    }

    [Test]
    public async Task A_command_runs_as_typed_with_the_context_and_namespace_and_its_evidence_says_how_it_ended()
    {
        NeedKubectl();
        var evidence = new EvidenceLog();
        var kubectl = new KubectlCommandLine(Kubeconfig.Resolve([_kubeconfig], null), "ls-abc123-1", _dir, evidence);

        var r = await kubectl.RunAsync("kubectl version --client");

        r.ExitCode.ShouldBe(0, r.ToTranscript());
        r.Stdout.ShouldContain("Client Version");
        r.Command.ShouldBe("kubectl version --client");
        var item = evidence.Items.ShouldHaveSingleItem();
        item.Title.ShouldBe("kubectl version --client");
        item.Content.ShouldStartWith("[kubectl closed/ls-abc123-1]$ kubectl version --client");
        item.Content.ShouldContain("(exit code 0 after ");
        item.Content.ShouldContain($"ran as KUBECONFIG={_kubeconfig} ");
        item.Content.ShouldContain("--context closed version --client"); // cluster-scoped: no --namespace
    }

    [Test]
    public async Task A_cluster_that_does_not_answer_is_a_failed_command_with_kubectls_own_words()
    {
        NeedKubectl();
        var kubectl = new KubectlCommandLine(Kubeconfig.Resolve([_kubeconfig], null), "ls-abc123-1", _dir, NullEvidenceSink.Instance);

        var r = await kubectl.RunAsync("kubectl get pods --request-timeout=5s", TimeSpan.FromSeconds(30));

        r.ExitCode.ShouldNotBe(0);
        (r.Stdout + r.Stderr).ShouldContain("127.0.0.1:9");
        Should.Throw<CommandFailedException>(() => r.EnsureSuccess());
    }

    [Test]
    public async Task An_api_call_to_a_cluster_that_does_not_answer_fails_naming_the_call_and_the_server()
    {
        using var api = new ClusterApi(Kubeconfig.Resolve([_kubeconfig], null), NullEvidenceSink.Instance);

        var e = await Should.ThrowAsync<KubernetesApiException>(() => api.PodsAsync("ls-abc123-1"));

        e.Message.ShouldContain("kubectl get pods -n ls-abc123-1 failed on cluster closed");
        e.Message.ShouldContain("https://127.0.0.1:9");
    }

    [Test]
    public async Task A_topology_whose_cluster_does_not_answer_lacks_kubernetes_with_the_reason()
    {
        var topology = new TopologySpec("k8s", "kubernetes", EnvironmentFile.NoSubnet, [], "local.yml", new ClusterAccess([_kubeconfig], "closed"));

        var env = await new KubernetesProvider().CreateAsync(topology, NullEvidenceSink.Instance);

        env.Capabilities.Has("kubernetes").ShouldBeFalse();
        env.Capabilities.WhyMissing("kubernetes").ShouldStartWith("could not reach the API server https://127.0.0.1:9 (context 'closed'): ");
        env.Capabilities.WhyMissing("kubernetes").ShouldNotContain("\n");
    }
}
