using LabSpecs.Core;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Hooks;

/// <summary>
/// After every scenario: on failure, diagnostics of the hosts are attached to the report; then the scenario's own cleanups
/// run in reverse order; then the environment is reset (containers, networks, swarm state) for the next scenario.
/// </summary>
[Binding]
public sealed class ScenarioHooks(FeatureContext feature, ScenarioContext scenario, LabContext lab, IEvidenceSink evidence)
{
    [AfterScenario(Order = 0)]
    public async Task AttachDiagnosticsOnFailureAsync()
    {
        if (scenario.TestError is null || scenario.TestError is CapabilityMissingException) return;
        if (FeatureEnvironment.TryOf(feature) is not { } env) return;
        await LabDiagnostics.CollectAsync(env, lab.ContainerIds.Keys, evidence).ConfigureAwait(false);
    }

    [AfterScenario(Order = 100)]
    public async Task UndoScenarioCleanupsAsync()
    {
        var errors = new List<string>();
        foreach (var (what, undo) in lab.TakeCleanups())
        {
            try
            {
                using var cts = new CancellationTokenSource(Timeouts.Default.Cleanup);
                await undo(cts.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                errors.Add($"{what}: {e.Message}");
            }
        }

        if (errors.Count > 0)
        {
            var text = string.Join('\n', errors);
            evidence.Record(new EvidenceItem("cleanup problems", text, IsDiagnostic: true));
            FeatureEnvironment.Taint(feature, $"cleanup failed in '{scenario.ScenarioInfo.Title}': {text}");
            EnvironmentHooks.Progress($"[{feature.FeatureInfo.Title}] cleanup failed; the environment will be replaced, not reused:\n{text}");
        }
    }

    [AfterScenario(Order = 200)]
    public async Task ResetEnvironmentAsync()
    {
        if (FeatureEnvironment.TryOf(feature) is not { } env) return;
        using var cts = new CancellationTokenSource(Timeouts.Default.Cleanup * 2);
        try
        {
            await env.ResetAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            FeatureEnvironment.Taint(feature, $"reset failed after '{scenario.ScenarioInfo.Title}': {e.Message}");
            throw;
        }
    }
}
