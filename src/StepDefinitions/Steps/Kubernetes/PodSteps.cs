using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps.Kubernetes;

/// <summary>Pods, services and controllers of a Kubernetes scenario: made from the lab's manifests, waited for by watching.</summary>
[Binding]
[StepGroup("Kubernetes")]
public sealed class PodSteps(KubernetesScenario k8s)
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
    public async Task ThenPodsBecomeRunningWith(int count, string selector, string pod) =>
        (await k8s.WaitForPodsAsync(selector, $"exactly {count} pods labelled {selector}, all Running and ready, {pod} among them",
            all => all.Count == count && all.All(PodFacts.IsReady))).Select(p => p.Metadata.Name).ShouldContain(pod, $"pods labelled {selector}");

    [Then("the pod {string} is controlled by the ReplicationController {string}")]
    public async Task ThenThePodIsControlledBy(string pod, string controller)
    {
        var found = (await k8s.PodsAsync()).SingleOrDefault(p => p.Metadata.Name == pod).ShouldNotBeNull($"no pod {pod}");
        (PodFacts.OwnerKind(found), PodFacts.OwnerName(found)).ShouldBe(("ReplicationController", controller), $"the controller of {pod}");
    }

    [Then("during the update at least {int} pods labelled {string} were ready and at most {int} existed")]
    public void ThenDuringTheUpdate(int minReady, string selector, int maxExisting)
    {
        var watch = k8s.Watch.ShouldNotBeNull("no pods were watched: use \"... while watching the pods labelled ...\"");
        watch.MinReady.ShouldBeGreaterThanOrEqualTo(minReady, $"fewest ready pods labelled {selector} seen during the update");
        watch.MaxExisting.ShouldBeLessThanOrEqualTo(maxExisting,
            $"most pods labelled {selector} (not terminating) seen at once during the update; with terminating ones: {watch.MaxIncludingTerminating}");
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
