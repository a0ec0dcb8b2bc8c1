using LabSpecs.Core;
using LabSpecs.Drivers.Kubernetes;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Kubernetes;

/// <summary>How a typed kubectl command becomes kubectl's arguments and how long its process may run.</summary>
public sealed class KubectlArgumentsTests
{
    private static IReadOnlyList<string> Args(string typed) => KubectlCommandLine.Arguments(ShellWords.Split(typed), "lab", "ls-abc123-1");

    /// <summary>
    /// kubectl cluster-info lists the services labelled kubernetes.io/cluster-service=true in --namespace, kube-system when the
    /// flag is empty (kubernetes/kubernetes staging/src/k8s.io/kubectl/pkg/cmd/clusterinfo/clusterinfo.go, Complete): with the
    /// scenario's namespace added it reports on an empty namespace and the handbook's KubeDNS line cannot appear.
    /// </summary>
    [TestCase("kubectl cluster-info")]
    [TestCase("kubectl get nodes")]
    [TestCase("kubectl version")]
    [TestCase("kubectl get namespaces")]
    public void A_cluster_scoped_command_gets_the_context_and_no_namespace(string typed)
    {
        var args = Args(typed);

        args.ShouldNotContain("--namespace", string.Join(' ', args));
        args.Take(2).ShouldBe(["--context", "lab"]);
    }

    [TestCase("kubectl get pods -o wide")]
    [TestCase("kubectl create -f db-pod.yml")]
    [TestCase("kubectl rollout status deployment/web --timeout=180s")]
    public void A_namespaced_command_runs_in_the_scenario_namespace(string typed) =>
        string.Join(' ', Args(typed)).ShouldContain("--namespace ls-abc123-1");

    [TestCase("kubectl rollout status deployment/web --timeout=180s", 180)]
    [TestCase("kubectl rollout status deployment/web --timeout 3m", 180)]
    [TestCase("kubectl wait --for=condition=Ready pod/web --timeout=1m30s", 90)]
    public void A_command_with_its_own_timeout_gets_a_process_deadline_beyond_it(string typed, int seconds)
    {
        var deadline = KubectlCommandLine.ProcessTimeout(ShellWords.Split(typed), TimeSpan.FromSeconds(60));

        deadline.ShouldBeGreaterThan(TimeSpan.FromSeconds(seconds), $"process deadline for `{typed}`");
    }

    [Test]
    public void A_command_without_a_timeout_keeps_the_default_deadline() =>
        KubectlCommandLine.ProcessTimeout(ShellWords.Split("kubectl get pods"), TimeSpan.FromSeconds(60)).ShouldBe(TimeSpan.FromSeconds(60));
}
