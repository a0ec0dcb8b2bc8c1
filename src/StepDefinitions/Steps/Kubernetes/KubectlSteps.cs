using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps.Kubernetes;

/// <summary>
/// The kubectl commands the handbook has the reader type, in features tagged @k8s: "I run" goes to the real kubectl in the
/// scenario's namespace (elsewhere it runs on the docker host); "the command succeeds" and "the output contains" then read it.
/// </summary>
[Binding]
[StepGroup("Kubernetes")]
[Scope(Tag = "k8s")]
public sealed class KubectlSteps(KubernetesScenario k8s, CommandDriver commands)
{
    [When("I run {string}")]
    public async Task WhenIRun(string command) => commands.Keep(await k8s.RunAsync(command));

    [When("I run {string} while watching the pods labelled {string}")]
    public async Task WhenIRunWhileWatching(string command, string selector) => commands.Keep(await k8s.RunWhileWatchingAsync(command, selector));

    [Then("kubectl created the {word} {string}")]
    public void ThenKubectlCreated(string kind, string name) =>
        k8s.Last.Created.ShouldContain(o => o.Kind == kind && o.Name == name && o.Verb == "created", k8s.Last.Shown);

    [Then("every node listed is Ready")]
    public void ThenEveryNodeIsReady()
    {
        k8s.Last.Nodes.ShouldNotBeEmpty(k8s.Last.Shown);
        k8s.Last.Nodes.ShouldAllBe(n => n.IsReady, k8s.Last.Shown);
    }

    [Then("the pod {string} is listed {string} with {string} ready on a node of the cluster")]
    public void ThenThePodIsListed(string pod, string status, string ready)
    {
        var row = k8s.Last.Pod(pod).ShouldNotBeNull(k8s.Last.Shown);
        (row.Status, row.Ready).ShouldBe((status, ready), k8s.Last.Shown);
        k8s.Environment.Nodes.Select(n => n.Name).ShouldContain(row.Node, $"NODE of {pod} is not a node of the cluster; {k8s.Last.Shown}");
    }

    [Then("{int} pods are listed, all {string}")]
    public void ThenPodsAreListed(int count, string status)
    {
        k8s.Last.Pods.Count.ShouldBe(count, k8s.Last.Shown);
        k8s.Last.Pods.ShouldAllBe(p => p.Status == status, k8s.Last.Shown);
    }

    [Then("the service {string} is listed with the port {string}")]
    public void ThenTheServiceIsListedWithThePort(string service, string port) =>
        k8s.Last.Service(service).Ports.Select(p => p.NodePort is null ? $"{p.Port}/{p.Protocol}" : $"{p.Port}:{p.NodePort}/{p.Protocol}")
            .ShouldContain(port, k8s.Last.Shown);

    [Then("the service {string} is listed with a node port for port {int}")]
    public void ThenTheServiceHasANodePort(string service, int port) =>
        k8s.Last.Service(service).NodePortFor(port).ShouldNotBeNull(k8s.Last.Shown).ShouldBeInRange(1, 65535);
}
