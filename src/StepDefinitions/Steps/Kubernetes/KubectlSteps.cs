using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps.Kubernetes;

/// <summary>
/// The kubectl commands the handbook has the reader type, in features tagged @k8s: "I run" goes to the real kubectl in the
/// scenario's namespace (elsewhere it runs on the docker host); "the command succeeds" and "the output contains" then read it.
/// </summary>
[Binding]
[StepGroup("Kubernetes")]
[Scope(Tag = "k8s")]
public sealed class KubectlSteps(LabContext lab, KubernetesScenario k8s, CommandDriver commands)
{
    [When("I run {string}")]
    public async Task WhenIRun(string command) => commands.Keep(await k8s.RunAsync(command));

    [When("I run {string} while watching the pods labelled {string}")]
    public async Task WhenIRunWhileWatching(string command, string selector) => commands.Keep(await k8s.RunWhileWatchingAsync(command, selector));

    [Then("kubectl created the {word} {string}")]
    public void ThenKubectlCreated(string kind, string name) =>
        lab.Expect.That(k8s.Last.Created.Any(o => o.Kind == kind && o.Name == name && o.Verb == "created"),
            $"kubectl should have created the {kind} {name} in namespace {k8s.Namespace}",
            () => $"it reported {Expectation.Listing(k8s.Last.Created.Select(o => $"{o.Kind} {o.Name} {o.Verb}").ToList(), "object")}\n{k8s.Last.Shown}");

    [Then("every node listed is Ready")]
    public void ThenEveryNodeIsReady()
    {
        var nodes = k8s.Last.Nodes;
        var notReady = nodes.Where(n => !n.IsReady).Select(n => $"{n.Name} is {n.Status}").ToList();
        lab.Expect.That(nodes.Count > 0 && notReady.Count == 0, "every node listed should be Ready",
            () => (nodes.Count == 0 ? "no node is listed" : Expectation.Listing(notReady, "")) + $"\n{k8s.Last.Shown}");
    }

    [Then("the pod {string} is listed {string} with {string} ready on a node of the cluster")]
    public void ThenThePodIsListed(string pod, string status, string ready)
    {
        var should = $"the pod {pod} should be listed {status} with {ready} ready on a node of the cluster";
        var row = k8s.Last.Pod(pod);
        lab.Expect.That(row is not null, should, () => $"kubectl lists {Expectation.Listing(k8s.Last.Pods.Select(p => p.Name).ToList(), "pods")}\n{k8s.Last.Shown}");
        lab.Expect.That(row!.Status == status && row.Ready == ready, should, () => $"it is listed {row.Status} with {row.Ready} ready\n{k8s.Last.Shown}");
        var nodes = k8s.Environment.Nodes.Select(n => n.Name).ToList();
        lab.Expect.That(row.Node is not null && nodes.Contains(row.Node), should,
            () => $"it is listed on {row.Node ?? "no node"}, and the cluster's nodes are {Expectation.Listing(nodes, "nodes")}\n{k8s.Last.Shown}");
    }

    [Then("{int} pods are listed, all {string}")]
    public void ThenPodsAreListed(int count, string status)
    {
        var pods = k8s.Last.Pods;
        lab.Expect.That(pods.Count == count && pods.All(p => p.Status == status), $"{count} pods should be listed, all {status}",
            () => $"kubectl lists {Expectation.Listing(pods.Select(p => $"{p.Name} {p.Status}").ToList(), "pods")}\n{k8s.Last.Shown}");
    }

    [Then("the service {string} is listed with the port {string}")]
    public void ThenTheServiceIsListedWithThePort(string service, string port)
    {
        var should = $"the service {service} should be listed with the port {port}";
        var ports = Listed(service, should).Ports.Select(PortText).ToList();
        lab.Expect.That(ports.Contains(port), should, () => $"its ports are {Expectation.Listing(ports, "ports")}\n{k8s.Last.Shown}");
    }

    [Then("the service {string} is listed with a node port for port {int}")]
    public void ThenTheServiceHasANodePort(string service, int port)
    {
        var should = $"the service {service} should be listed with a node port for port {port}";
        var row = Listed(service, should);
        var nodePort = row.NodePortFor(port);
        lab.Expect.That(nodePort is >= 1 and <= 65535, should,
            () => $"its ports are {Expectation.Listing(row.Ports.Select(PortText).ToList(), "ports")}\n{k8s.Last.Shown}");
    }

    /// <summary>The row of <paramref name="service"/> in the kubectl get svc table the command printed; none fails <paramref name="should"/>.</summary>
    private ServiceRow Listed(string service, string should)
    {
        var row = k8s.Last.Services.SingleOrDefault(s => s.Name == service);
        lab.Expect.That(row is not null, should,
            () => $"kubectl lists {Expectation.Listing(k8s.Last.Services.Select(s => s.Name).ToList(), "services")} in namespace {k8s.Namespace}\n{k8s.Last.Shown}");
        return row!;
    }

    /// <summary>A port as kubectl get svc shows it: "6379/TCP", or "80:32204/TCP" with a node port.</summary>
    private static string PortText(ServicePort p) => p.NodePort is null ? $"{p.Port}/{p.Protocol}" : $"{p.Port}:{p.NodePort}/{p.Protocol}";
}
