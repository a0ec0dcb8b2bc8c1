using LabSpecs.Drivers.Kubernetes;
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
public sealed class KubectlSteps(KubernetesScenario k8s, LabContext lab)
{
    [When("I run {string}")]
    public async Task WhenIRun(string command) => lab.LastResult = await k8s.Kubectl.RunAsync(command);

    [When("I run {string} while watching the pods labelled {string}")]
    public async Task WhenIRunWhileWatching(string command, string selector)
    {
        k8s.Watch = await k8s.Api.WatchPodsAsync(k8s.Namespace, selector);
        k8s.Watch.StartCounting();
        lab.LastResult = await k8s.Kubectl.RunAsync(command);
    }

    [Then("kubectl created the {word} {string}")]
    public void ThenKubectlCreated(string kind, string name) =>
        KubectlOutput.Created(lab.LastCommand.Stdout).ShouldContain(o => o.Kind == kind && o.Name == name && o.Verb == "created",
            $"`{lab.LastCommand.Command}` printed:\n{lab.LastCommand.Stdout}{lab.LastCommand.Stderr}");

    [Then("every node listed is Ready")]
    public void ThenEveryNodeIsReady()
    {
        var nodes = KubectlOutput.Nodes(lab.LastCommand.EnsureSuccess().Stdout);
        nodes.ShouldNotBeEmpty(lab.LastCommand.Stdout);
        nodes.ShouldAllBe(n => n.IsReady, lab.LastCommand.Stdout);
    }

    [Then("the pod {string} is listed {string} with {string} ready on a node of the cluster")]
    public void ThenThePodIsListed(string pod, string status, string ready)
    {
        var row = KubectlOutput.Pods(lab.LastCommand.EnsureSuccess().Stdout).SingleOrDefault(p => p.Name == pod).ShouldNotBeNull(lab.LastCommand.Stdout);
        (row.Status, row.Ready).ShouldBe((status, ready), lab.LastCommand.Stdout);
        k8s.Environment.Nodes.Select(n => n.Name).ShouldContain(row.Node, $"NODE of {pod} is not a node of the cluster:\n{lab.LastCommand.Stdout}");
    }

    [Then("{int} pods are listed, all {string}")]
    public void ThenPodsAreListed(int count, string status)
    {
        var pods = KubectlOutput.Pods(lab.LastCommand.EnsureSuccess().Stdout);
        pods.Count.ShouldBe(count, lab.LastCommand.Stdout);
        pods.ShouldAllBe(p => p.Status == status, lab.LastCommand.Stdout);
    }

    [Then("the service {string} is listed with the port {string}")]
    public void ThenTheServiceIsListedWithThePort(string service, string port) =>
        Service(service).Ports.Select(p => p.NodePort is null ? $"{p.Port}/{p.Protocol}" : $"{p.Port}:{p.NodePort}/{p.Protocol}")
            .ShouldContain(port, lab.LastCommand.Stdout);

    [Then("the service {string} is listed with a node port for port {int}")]
    public void ThenTheServiceHasANodePort(string service, int port) =>
        Service(service).NodePortFor(port).ShouldNotBeNull(lab.LastCommand.Stdout).ShouldBeInRange(1, 65535);

    private ServiceRow Service(string name) =>
        KubectlOutput.Services(lab.LastCommand.EnsureSuccess().Stdout).SingleOrDefault(s => s.Name == name).ShouldNotBeNull(lab.LastCommand.Stdout);
}
