using LabSpecs.Core;
using LabSpecs.Environments.Kubernetes;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Hooks;

/// <summary>
/// On a Kubernetes cluster every scenario gets its own namespace before it starts (after the capability check, so a skipped
/// scenario touches nothing) and loses it after it ends: deleted and waited for, or kept with -KeepOnFailure when it failed.
/// </summary>
[Binding]
public sealed class KubernetesHooks(FeatureContext feature, ScenarioContext scenario, KubernetesScenario k8s)
{
    [BeforeScenario(Order = 10)]
    public async Task MakeTheScenarioNamespaceAsync()
    {
        if (FeatureEnvironment.TryOf(feature) is not KubernetesEnvironment { Kubeconfig: not null }) return;
        using var cts = new CancellationTokenSource(Timeouts.Default.Apply);
        await k8s.StartAsync(cts.Token).ConfigureAwait(false);
    }

    [AfterScenario(Order = 150)]
    public async Task RemoveTheScenarioNamespaceAsync()
    {
        using var cts = new CancellationTokenSource(Timeouts.Default.Cleanup * 6);
        await k8s.EndAsync(failed: scenario.TestError is not null and not CapabilityMissingException, cts.Token).ConfigureAwait(false);
    }
}
