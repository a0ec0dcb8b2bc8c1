using System.Diagnostics;
using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Features;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Hooks;

/// <summary>
/// One lab environment per feature: the feature's topology tag (@single-host, @two-node, @swarm, ...) names the topology
/// of environments/local.yml; the environment comes from the pool before the first scenario and goes back (reset) after
/// the last. Features without a topology tag get no environment. Progress goes to the console.
/// </summary>
[Binding]
public sealed class EnvironmentHooks
{
    private const string ClockKey = "LabSpecs.FeatureClock";
    private const string TurnKey = "LabSpecs.TopologyTurn";

    [BeforeFeature(Order = 0)]
    public static async Task AcquireEnvironmentAsync(FeatureContext feature)
    {
        var topology = TopologyOf(feature.FeatureInfo.Tags);
        feature[ClockKey] = Stopwatch.StartNew();
        if (topology is null)
        {
            await LookAhead.FeatureStartedAsync(feature.FeatureInfo.Title).ConfigureAwait(false);
            return;
        }

        if (await LabEnvironments.MissingBeforehandAsync(topology, CapabilityHooks.Needed(feature.FeatureInfo.Tags)).ConfigureAwait(false) is { } missing)
        {
            // every scenario would be skipped for it: say so now, without building an environment first
            await LookAhead.FeatureStartedAsync(feature.FeatureInfo.Title).ConfigureAwait(false);
            throw missing;
        }

        var clock = Stopwatch.StartNew();
        var turn = await LabEnvironments.TakeTurnAsync(topology,
            () => Progress($"[{feature.FeatureInfo.Title}] waiting for another feature's '{topology}' environment to be released (one at a time)")).ConfigureAwait(false);
        Progress($"[{feature.FeatureInfo.Title}] getting a '{topology}' environment ...");
        ILabEnvironment env;
        try
        {
            env = await LabEnvironments.GetAsync(topology, new ProgressWriter(Progress, $"[{feature.FeatureInfo.Title}] ", titlesOnly: true)).ConfigureAwait(false);
        }
        catch
        {
            turn?.Dispose();
            throw;
        }

        if (turn is not null) feature[TurnKey] = turn;
        FeatureEnvironment.Set(feature, env);
        Progress($"[{feature.FeatureInfo.Title}] environment {env} ready in {clock.Elapsed.TotalSeconds:0.0} s");
        await LookAhead.FeatureStartedAsync(feature.FeatureInfo.Title).ConfigureAwait(false);
    }

    [AfterFeature(Order = 1000)]
    public static async Task ReleaseEnvironmentAsync(FeatureContext feature)
    {
        var took = feature.TryGetValue(ClockKey, out Stopwatch? clock) && clock is not null ? clock.Elapsed : TimeSpan.Zero;
        using var turn = feature.TryGetValue(TurnKey, out IDisposable? t) ? t : null;
        if (FeatureEnvironment.TryOf(feature) is { } env)
        {
            var taint = FeatureEnvironment.TaintOf(feature);
            var changed = FeatureEnvironment.ChangedOf(feature);
            FeatureEnvironment.Clear(feature);
            if (changed is not null && taint is null)
            {
                // the last scenario's costly changes are not undone: nothing follows on this environment
                Progress($"[{feature.FeatureInfo.Title}] removing environment {env} in the background instead of undoing {changed.Summary}");
                LabEnvironments.RemoveInBackground(env);
            }
            else if (taint is null)
            {
                await LabEnvironments.ReleaseAsync(env).ConfigureAwait(false);
            }
            else
            {
                Progress($"[{feature.FeatureInfo.Title}] removing environment {env} instead of reusing it ({taint.Split('\n')[0]})");
                await LabEnvironments.RemoveAsync(env).ConfigureAwait(false);
            }
        }

        Progress($"[{feature.FeatureInfo.Title}] feature took {took.TotalSeconds:0.0} s");
    }

    [AfterTestRun(Order = 1000)]
    public static async Task DisposeAllEnvironmentsAsync()
    {
        await LabEnvironments.SettleAsync().ConfigureAwait(false);
        await LabEnvironments.DisposeAllAsync().ConfigureAwait(false);
    }

    /// <summary>The first tag naming a topology of the environment file, or null.</summary>
    public static string? TopologyOf(IEnumerable<string> tags) =>
        tags.Any() ? TopologyTags.Find(EnvironmentFile.Load(LabEnvironments.EnvironmentFilePath), tags)?.Name : null;

    /// <summary>Live progress: NUnit's progress stream reaches the dotnet test console at once (test output only at the test's end).</summary>
    internal static void Progress(string line) => NUnit.Framework.TestContext.Progress.WriteLine($"labspecs: {line}");
}
