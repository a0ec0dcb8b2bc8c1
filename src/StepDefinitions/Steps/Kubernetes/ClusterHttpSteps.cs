using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Drivers.MultiHost;
using LabSpecs.Specs.Steps.MultiHost;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps.Kubernetes;

/// <summary>
/// Requests inside the cluster (from a web pod, with kubectl exec + curl), as the handbook curls pods and nodes from node w3.
/// The answers are what "every answer contains" and "the hit counts in the answers go up by one" check.
/// </summary>
[Binding]
[StepGroup("Kubernetes")]
public sealed class ClusterHttpSteps(KubernetesScenario k8s, HttpDriver http)
{
    [When("I fetch port {int} of the pod {string} from inside it")]
    public Task WhenIFetchOnce(int port, string pod) => WhenIFetch(port, pod, 1);

    [When("I fetch port {int} of the pod {string} from inside it {int} times")]
    public async Task WhenIFetch(int port, string pod, int times) =>
        http.Keep(await k8s.FetchAsync($"http://127.0.0.1:{port}/", times, fromPod: pod));

    [When("I fetch the node port of the service {string} on every node's address")]
    public async Task WhenIFetchOnEveryNode(string service)
    {
        var port = await k8s.NodePortAsync(service);
        var answers = new List<string>();
        foreach (var node in k8s.Environment.Nodes)
        {
            answers.AddRange((await k8s.FetchAsync($"http://{node.Address}:{port}/", 1)).Answers);
        }

        http.Keep(new HttpAnswers("a web pod", $"port {port} of {string.Join(", ", k8s.Environment.Nodes.Select(n => n.Address))}", answers));
    }

    [When("I fetch the node port of the service {string} {int} times")]
    public async Task WhenIFetchNodePort(string service, int times) =>
        http.Keep(await k8s.FetchAsync($"http://{k8s.Environment.Nodes[0].Address}:{await k8s.NodePortAsync(service)}/", times));

    [Then("the answer is an error connecting to {string}")]
    public void ThenTheAnswerIsAConnectionError(string address)
    {
        var answers = http.Last;
        answers.Answers.ShouldAllBe(a => FlaskDemoAnswer.Parse(a) == null && a.Contains($"connecting to {address}"), answers.Describe());
    }

    [Then("every hostname in the answers is a pod labelled {string}")]
    public async Task ThenEveryHostnameIsAPod(string selector)
    {
        var answers = http.Last;
        var pods = (await k8s.Api.PodsAsync(k8s.Namespace, selector)).Items.Select(p => p.Metadata.Name).ToList();
        answers.Answers.Select(a => FlaskDemoAnswer.Parse(a)?.Hostname).ShouldAllBe(h => h != null && pods.Contains(h), answers.Describe());
    }
}
