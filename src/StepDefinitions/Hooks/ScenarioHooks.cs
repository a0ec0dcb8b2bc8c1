using System.Diagnostics;
using LabSpecs.Core;
using LabSpecs.Drivers.Diagnostics;
using LabSpecs.Environments;
using LabSpecs.Features;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Hooks;

/// <summary>
/// After every scenario: on failure, diagnostics of the hosts are attached to the report; then the scenario's own cleanups
/// run in reverse order; then the environment is reset (containers, networks, swarm state) for the next scenario. When a
/// costly cleanup is due on a replaceable environment, nothing is undone or reset: the environment is replaced before the
/// feature's next scenario, or removed after the feature.
/// </summary>
[Binding]
public sealed class ScenarioHooks(FeatureContext feature, ScenarioContext scenario, LabContext lab, IEvidenceSink evidence)
{
    [AfterScenario(Order = 0)]
    public async Task AttachDiagnosticsOnFailureAsync()
    {
        if (scenario.TestError is null || scenario.TestError is CapabilityMissingException) return;
        if (FeatureEnvironment.TryOf(feature) is not { } env) return;
        await DiagnosticsCollector.CollectAsync(env, lab.StartedContainers.Select(c => (c.Host, c.Name)), evidence).ConfigureAwait(false);
    }

    /// <summary>
    /// -KeepOnFailure (LABSPECS_KEEP_ON_FAILURE=1) on an environment that can keep things (real hosts): a failed scenario's
    /// resources stay for debugging, its undo and the reset are skipped, the environment is not reused, and the run prints
    /// how to remove what was kept.
    /// </summary>
    [AfterScenario(Order = 50)]
    public void KeepOnFailure()
    {
        if (scenario.TestError is null or CapabilityMissingException) return;
        if (System.Environment.GetEnvironmentVariable(Drivers.KubernetesScenario.KeepOnFailureVariable) != "1") return;
        if (FeatureEnvironment.LeaseOf(feature) is not { } lease || lease.Environment.KeepForDebugging(scenario.ScenarioInfo.Title) is not { } how) return;
        var kept = lab.TakeCleanups(); // not undone: kept
        if (kept.Count > 0) how += "\n  not undone (do it by hand when done):\n" + string.Join('\n', kept.Select(c => "    " + c.What));
        lease.Keep($"kept for debugging after '{scenario.ScenarioInfo.Title}'");
        evidence.Record(new EvidenceItem("kept on failure", how, IsDiagnostic: true));
        EnvironmentHooks.Progress($"[{feature.FeatureInfo.Title}] {how}");
    }

    /// <summary>
    /// When a step makes a costly change on a replaceable environment (a swarm, a cluster store, engine settings), the lease
    /// expects a replacement, so the pool's spares policy can make one while the scenario still runs (only if a later
    /// scenario may use it). Wired here, in the open: registering a cleanup only tells who listens.
    /// </summary>
    [BeforeScenario(Order = -50)]
    public void ExpectAReplacementAfterACostlyChange()
    {
        if (FeatureEnvironment.LeaseOf(feature) is not { } lease) return;
        lab.CostlyCleanupRegistered += () => lease.ExpectReplacement(LookAhead.MaySpareBeUsed(feature.FeatureInfo.Title, lease.Environment.Topology.Name));
    }

    [AfterScenario(Order = 100)]
    public async Task UndoScenarioCleanupsAsync()
    {
        var cleanups = lab.TakeCleanups();
        if (cleanups.Count == 0) return;
        if (FeatureEnvironment.LeaseOf(feature) is { Environment.Replaceable: true } lease && cleanups.Any(c => c.Cost == CleanupCost.Costly))
        {
            // Not undone: the environment is replaced before the feature's next scenario (a spare made in the background when
            // there is one), or removed after the feature when none follows, so no environment is made for nothing.
            var of = scenario.ScenarioInfo.Title;
            var change = new EnvironmentChange(of, $"{cleanups.Count} change(s) of '{of}', among them: {cleanups.First(c => c.Cost == CleanupCost.Costly).What}",
                sink => UndoAsync(cleanups, of, sink, lease, feature.FeatureInfo.Title));
            lease.MarkChanged(change);
            evidence.Record(new EvidenceItem("cleanup",
                $"environment {lease.Environment.Id} keeps {change.Summary}; it is replaced before the next scenario instead of undone"));
            return;
        }

        await UndoAsync(cleanups, scenario.ScenarioInfo.Title, evidence, FeatureEnvironment.LeaseOf(feature), feature.FeatureInfo.Title).ConfigureAwait(false);
    }

    /// <summary>
    /// Before a scenario whose environment the previous scenario left changed (see <see cref="UndoScenarioCleanupsAsync"/>):
    /// a clean environment of the topology takes its place (the changed one is removed in the background). If none can be
    /// had, the changes are undone and the environment reset, as on environments that cannot be replaced.
    /// </summary>
    [BeforeScenario(Order = -100)]
    public async Task ReplaceAChangedEnvironmentAsync()
    {
        LookAhead.ScenarioStarted(feature.FeatureInfo.Title);
        if (FeatureEnvironment.LeaseOf(feature) is not { Change: { } change } lease) return;
        var env = lease.Environment;
        var clock = Stopwatch.StartNew();
        try
        {
            var fresh = await lease.ReplaceAsync(LookAhead.MaySpareBeUsed(feature.FeatureInfo.Title, env.Topology.Name)).ConfigureAwait(false);
            evidence.Record(new EvidenceItem("environment",
                $"environment {env.Id} replaced by {fresh.Id} in {clock.Elapsed.TotalSeconds:0.00} s instead of undoing {change.Summary}"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EnvironmentHooks.Progress($"[{feature.FeatureInfo.Title}] could not replace environment {env.Id} ({e.Message.Split('\n')[0]}); undoing instead");
            lease.TakeChange();
            await change.Undo(evidence).ConfigureAwait(false);
            await ResetAsync(lease, change.Scenario).ConfigureAwait(false);
        }
    }

    /// <summary>Undoes <paramref name="cleanups"/> in order, each within the cleanup timeout; a failure taints the environment.</summary>
    private static async Task UndoAsync(IReadOnlyList<ScenarioCleanup> cleanups, string of, IEvidenceSink evidence, EnvironmentLease? lease, string featureTitle)
    {
        var errors = new List<string>();
        foreach (var cleanup in cleanups)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                using var cts = new CancellationTokenSource(cleanup.Timeout ?? Timeouts.Default.Cleanup);
                await cleanup.Undo(cts.Token).ConfigureAwait(false);
                evidence.Record(new EvidenceItem("cleanup", $"{cleanup.What}: {clock.Elapsed.TotalSeconds:0.00} s"));
            }
            catch (Exception e)
            {
                errors.Add($"{cleanup.What}: {e.Message}");
            }
        }

        if (errors.Count > 0)
        {
            var text = string.Join('\n', errors);
            evidence.Record(new EvidenceItem("cleanup problems", text, IsDiagnostic: true));
            lease?.MarkTainted($"cleanup failed in '{of}': {text}");
            EnvironmentHooks.Progress($"[{featureTitle}] cleanup failed; the environment will be replaced, not reused:\n{text}");
        }
    }

    /// <summary>The reset after every scenario, unless the environment keeps the scenario's change (it is replaced) or was kept.</summary>
    [AfterScenario(Order = 200)]
    public async Task ResetEnvironmentAsync()
    {
        if (FeatureEnvironment.LeaseOf(feature) is not { Change: null, Kept: false } lease) return;
        await ResetAsync(lease, scenario.ScenarioInfo.Title).ConfigureAwait(false);
    }

    /// <summary>Resets the lease's environment after the scenario titled <paramref name="after"/>; a failed reset taints it.</summary>
    private static async Task ResetAsync(EnvironmentLease lease, string after)
    {
        using var cts = new CancellationTokenSource(Timeouts.Default.Cleanup * 2);
        try
        {
            await lease.Environment.ResetAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            lease.MarkTainted($"reset failed after '{after}': {e.Message}");
            throw;
        }
    }
}
