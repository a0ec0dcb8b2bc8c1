using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps.Kubernetes;

/// <summary>
/// Requests inside the cluster (from a web pod, with kubectl exec + curl), as the handbook curls pods and nodes from node w3, and
/// node ports from this machine too when it reaches the nodes. The answers are what "every answer contains" and "the hit counts
/// in the answers go up by one" check.
/// </summary>
[Binding]
[StepGroup("Kubernetes")]
public sealed class ClusterHttpSteps(LabContext lab, KubernetesScenario k8s, HttpDriver http)
{
    [When("I fetch port {int} of the pod {string} from inside it")]
    public Task WhenIFetchOnce(int port, string pod) => WhenIFetch(port, pod, 1);

    [When("I fetch port {int} of the pod {string} from inside it {int} times")]
    public async Task WhenIFetch(int port, string pod, int times) => http.Keep(await k8s.FetchAsync($"http://127.0.0.1:{port}/", times, fromPod: pod));

    [When("I fetch the node port of the service {string} on every node's address")]
    public async Task WhenIFetchOnEveryNode(string service) => http.Keep(await k8s.FetchNodePortOnEveryNodeAsync(service));

    [When("I fetch the node port of the service {string} {int} times")]
    public async Task WhenIFetchNodePort(string service, int times) => http.Keep(await k8s.FetchNodePortAsync(service, times));

    [Then("the answer is an error connecting to {string}")]
    public void ThenTheAnswerIsAConnectionError(string address) =>
        lab.Expect.That(InClusterAnswers.AllConnectionErrorsTo(http.Last, address), $"every answer from {http.Last.From} should be an error connecting to {address}",
            () => (http.Last.Answers.Count == 0 ? "there was no answer" : $"{http.Last.Answers.Count(a => !InClusterAnswers.IsConnectionErrorTo(a, address))} of {http.Last.Answers.Count} were not")
                  + "\n" + http.Last.Describe());

    [Then("every hostname in the answers is a pod labelled {string}")]
    public async Task ThenEveryHostnameIsAPod(string selector)
    {
        var pods = (await k8s.PodsAsync(selector)).Select(p => p.Metadata.Name).ToList();
        var strays = InClusterAnswers.Hostnames(http.Last).Where(h => h is null || !pods.Contains(h)).Select(h => h ?? "an answer without a hostname").Distinct().ToList();
        lab.Expect.That(strays.Count == 0, $"every hostname in the answers should be a pod labelled {selector} in namespace {k8s.Namespace}, one of {Expectation.Listing(pods, "pods")}",
            () => $"the answers also name {Expectation.Listing(strays, "other")}\n{http.Last.Describe()}");
    }

    [Then("the answers come from at least {int} different pods")]
    public void ThenTheAnswersComeFromDifferentPods(int count)
    {
        var pods = InClusterAnswers.Hostnames(http.Last).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        lab.Expect.That(InClusterAnswers.DistinctHostnames(http.Last) >= count, $"the answers from {http.Last.From} should come from at least {count} different pods",
            () => $"they come from {Expectation.Listing(pods, "pod")}\n{http.Last.Describe()}");
    }
}
