using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
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
    public async Task WhenIRun(string command) => commands.Keep(await k8s.Kubectl.RunAsync(command));

    [When("I run {string} while watching the pods labelled {string}")]
    public async Task WhenIRunWhileWatching(string command, string selector)
    {
        k8s.Watch = await k8s.Api.WatchPodsAsync(k8s.Namespace, selector);
        k8s.Watch.StartCounting();
        commands.Keep(await k8s.Kubectl.RunAsync(command));
    }

    [Then("kubectl created the {word} {string}")]
    public void ThenKubectlCreated(string kind, string name) =>
        KubectlOutput.Created(commands.Last.Stdout).ShouldContain(o => o.Kind == kind && o.Name == name && o.Verb == "created",
            $"`{commands.Last.Command}` printed:\n{commands.Last.Stdout}{commands.Last.Stderr}");

    [Then("every node listed is Ready")]
    public void ThenEveryNodeIsReady()
    {
        var nodes = KubectlOutput.Nodes(commands.Last.EnsureSuccess().Stdout);
        nodes.ShouldNotBeEmpty(commands.Last.Stdout);
        nodes.ShouldAllBe(n => n.IsReady, commands.Last.Stdout);
    }

    [Then("the pod {string} is listed {string} with {string} ready on a node of the cluster")]
    public void ThenThePodIsListed(string pod, string status, string ready)
    {
        var row = KubectlOutput.Pods(commands.Last.EnsureSuccess().Stdout).SingleOrDefault(p => p.Name == pod).ShouldNotBeNull(commands.Last.Stdout);
        (row.Status, row.Ready).ShouldBe((status, ready), commands.Last.Stdout);
        k8s.Environment.Nodes.Select(n => n.Name).ShouldContain(row.Node, $"NODE of {pod} is not a node of the cluster:\n{commands.Last.Stdout}");
    }

    [Then("{int} pods are listed, all {string}")]
    public void ThenPodsAreListed(int count, string status)
    {
        var pods = KubectlOutput.Pods(commands.Last.EnsureSuccess().Stdout);
        pods.Count.ShouldBe(count, commands.Last.Stdout);
        pods.ShouldAllBe(p => p.Status == status, commands.Last.Stdout);
    }

    [Then("the service {string} is listed with the port {string}")]
    public void ThenTheServiceIsListedWithThePort(string service, string port) =>
        Service(service).Ports.Select(p => p.NodePort is null ? $"{p.Port}/{p.Protocol}" : $"{p.Port}:{p.NodePort}/{p.Protocol}")
            .ShouldContain(port, commands.Last.Stdout);

    [Then("the service {string} is listed with a node port for port {int}")]
    public void ThenTheServiceHasANodePort(string service, int port) =>
        Service(service).NodePortFor(port).ShouldNotBeNull(commands.Last.Stdout).ShouldBeInRange(1, 65535);

    private ServiceRow Service(string name) =>
        KubectlOutput.Services(commands.Last.EnsureSuccess().Stdout).SingleOrDefault(s => s.Name == name).ShouldNotBeNull(commands.Last.Stdout);
}
