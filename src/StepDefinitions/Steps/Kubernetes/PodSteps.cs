using LabSpecs.Core;
using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps.Kubernetes;

/// <summary>Pods, services and controllers of a Kubernetes scenario: made from the lab's manifests, waited for by watching.</summary>
[Binding]
[StepGroup("Kubernetes")]
public sealed class PodSteps(KubernetesScenario k8s)
{
    private static TimeSpan PodTimeout => Timeouts.Default.Provision * 2; // includes the first pull of an image on a node

    [Given("the pod {string} from {string} is running")]
    public async Task GivenThePodIsRunning(string pod, string manifest)
    {
        await k8s.Kubectl.CreateAsync(manifest);
        await ThenThePodBecomesRunning(pod);
    }

    [Given("the service {string} from {string}")]
    public Task GivenTheService(string service, string manifest) => k8s.Kubectl.CreateAsync(manifest);

    [Given("{int} pods labelled {string} from {string} are running")]
    public async Task GivenPodsAreRunning(int count, string selector, string manifest)
    {
        await k8s.Kubectl.CreateAsync(manifest);
        await ThenPodsBecomeRunning(count, selector);
    }

    [Then("the pod {string} becomes Running")]
    public Task ThenThePodBecomesRunning(string pod) =>
        k8s.Api.WaitForPodsAsync(k8s.Namespace, null, $"pod {pod} is Running and ready",
            pods => pods.Any(p => p.Metadata.Name == pod && PodFacts.IsReady(p)), PodTimeout);

    [Then("{int} pods labelled {string} become Running")]
    [Then("only {int} pods labelled {string} are left")]
    public Task ThenPodsBecomeRunning(int count, string selector) =>
        k8s.Api.WaitForPodsAsync(k8s.Namespace, selector, $"exactly {count} pods labelled {selector}, all Running and ready",
            pods => pods.Count == count && pods.All(PodFacts.IsReady), PodTimeout);

    [Then("{int} pods labelled {string} become Running, the pod {string} among them")]
    public async Task ThenPodsBecomeRunningWith(int count, string selector, string pod)
    {
        var pods = await k8s.Api.WaitForPodsAsync(k8s.Namespace, selector, $"exactly {count} pods labelled {selector}, all Running and ready",
            all => all.Count == count && all.All(PodFacts.IsReady), PodTimeout);
        pods.Select(p => p.Metadata.Name).ShouldContain(pod, ClusterApi.PodTable(pods));
    }

    [Then("the pod {string} is controlled by the ReplicationController {string}")]
    public async Task ThenThePodIsControlledBy(string pod, string controller)
    {
        var found = (await k8s.Api.PodsAsync(k8s.Namespace)).Items.SingleOrDefault(p => p.Metadata.Name == pod).ShouldNotBeNull($"no pod {pod}");
        var owner = found.Metadata.OwnerReferences?.SingleOrDefault(o => o.Controller == true);
        (owner?.Kind, owner?.Name).ShouldBe(("ReplicationController", controller), $"owner references of {pod}: {string.Join(", ", found.Metadata.OwnerReferences?.Select(o => $"{o.Kind}/{o.Name}") ?? [])}");
    }

    [Then("during the update at least {int} pods labelled {string} were ready and at most {int} existed")]
    public void ThenDuringTheUpdate(int minReady, string selector, int maxExisting)
    {
        var watch = k8s.Watch.ShouldNotBeNull("no pods were watched: use \"... while watching the pods labelled ...\"");
        watch.MinReady.ShouldBeGreaterThanOrEqualTo(minReady, $"fewest ready pods labelled {selector} seen during the update");
        watch.MaxExisting.ShouldBeLessThanOrEqualTo(maxExisting, $"most pods labelled {selector} seen at once during the update");
    }

    [Then("{int} pods labelled {string} run {string}")]
    public Task ThenPodsRun(int count, string selector, string image) =>
        k8s.Api.WaitForPodsAsync(k8s.Namespace, selector, $"exactly {count} pods labelled {selector}, all ready, all running {image}",
            pods => pods.Count == count && pods.All(p => PodFacts.IsReady(p) && PodFacts.Images(p).All(i => i == image)), PodTimeout);

    [Then("the namespace has no pods, services or replication controllers left")]
    public Task ThenTheNamespaceIsEmpty() => k8s.Api.WaitUntilEmptyAsync(k8s.Namespace, Timeouts.Default.Cleanup * 2);
}
