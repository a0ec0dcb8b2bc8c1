using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps.Kubernetes;

/// <summary>Pods, services and controllers of a Kubernetes scenario: made from the lab's manifests, waited for by watching.</summary>
[Binding]
[StepGroup("Kubernetes")]
public sealed class PodSteps(LabContext lab, KubernetesScenario k8s)
{
    [Given("the pod {string} from {string} is running")]
    public async Task GivenThePodIsRunning(string pod, string manifest)
    {
        await k8s.CreateAsync(manifest);
        await ThenThePodBecomesRunning(pod);
    }

    [Given("the service {string} from {string}")]
    public Task GivenTheService(string service, string manifest) => k8s.CreateAsync(manifest);

    [Given("{int} pods labelled {string} from {string} are running")]
    public async Task GivenPodsAreRunning(int count, string selector, string manifest)
    {
        await k8s.CreateAsync(manifest);
        await ThenPodsBecomeRunning(count, selector);
    }

    [Then("the pod {string} becomes Running")]
    public Task ThenThePodBecomesRunning(string pod) =>
        k8s.WaitForPodsAsync(null, $"pod {pod} is Running and ready", pods => pods.Any(p => p.Metadata.Name == pod && PodFacts.IsReady(p)));

    [Then("{int} pods labelled {string} become Running")]
    [Then("only {int} pods labelled {string} are left")]
    public Task ThenPodsBecomeRunning(int count, string selector) =>
        k8s.WaitForPodsAsync(selector, $"exactly {count} pods labelled {selector}, all Running and ready", pods => pods.Count == count && pods.All(PodFacts.IsReady));

    [Then("{int} pods labelled {string} become Running, the pod {string} among them")]
    public async Task ThenPodsBecomeRunningWith(int count, string selector, string pod)
    {
        var names = (await k8s.WaitForPodsAsync(selector, $"exactly {count} pods labelled {selector}, all Running and ready, {pod} among them",
            all => all.Count == count && all.All(PodFacts.IsReady))).Select(p => p.Metadata.Name).ToList();
        lab.Expect.That(names.Contains(pod), $"{count} pods labelled {selector} should be Running, the pod {pod} among them",
            () => $"they are {Expectation.Listing(names, "pods")} in namespace {k8s.Namespace}");
    }

    [Then("the pod {string} is controlled by the ReplicationController {string}")]
    public async Task ThenThePodIsControlledBy(string pod, string controller)
    {
        var should = $"the pod {pod} should be controlled by the ReplicationController {controller}";
        var pods = await k8s.PodsAsync();
        var found = pods.SingleOrDefault(p => p.Metadata.Name == pod);
        lab.Expect.That(found is not null, should,
            () => $"namespace {k8s.Namespace} has no pod {pod}, its pods are {Expectation.Listing(pods.Select(p => p.Metadata.Name).ToList(), "pods")}");
        var (kind, name) = (PodFacts.OwnerKind(found!), PodFacts.OwnerName(found!));
        lab.Expect.That(kind == "ReplicationController" && name == controller, should,
            () => kind is null ? "it has no controller" : $"it is controlled by the {kind} {name}");
    }

    [Then("during the update at least {int} pods labelled {string} were ready and at most {int} existed")]
    public void ThenDuringTheUpdate(int minReady, string selector, int maxExisting)
    {
        var should = $"during the update at least {minReady} pods labelled {selector} should have been ready and at most {maxExisting} should have existed";
        var watch = k8s.Watch;
        lab.Expect.That(watch is not null, should, () => "no pods were watched: run the update with \"... while watching the pods labelled ...\"");
        lab.Expect.That(watch!.MinReady >= minReady, should, () => $"at one point only {watch.MinReady} were ready");
        lab.Expect.That(watch.MaxExisting <= maxExisting, should,
            () => $"at one point {watch.MaxExisting} existed, not counting terminating ones; {watch.MaxIncludingTerminating} counting them");
    }

    [Then("{int} pods labelled {string} run {string}")]
    public Task ThenPodsRun(int count, string selector, string image) =>
        k8s.WaitForPodsAsync(selector, $"exactly {count} pods labelled {selector}, all ready, all running {k8s.Images.Map(image)}",
            pods => pods.Count == count && pods.All(p => PodFacts.IsReady(p) && PodFacts.Images(p).All(i => i == k8s.Images.Map(image))));

    [Then("the namespace has no pods, services or replication controllers left")]
    public Task ThenTheNamespaceIsEmpty() => k8s.WaitUntilEmptyAsync();

    [Then("the node of the pod {string} lists its container, as docker ps did in the handbook")]
    public Task ThenTheNodeListsTheContainer(string pod) => k8s.ContainersOnTheNodeOfAsync(pod);
}
