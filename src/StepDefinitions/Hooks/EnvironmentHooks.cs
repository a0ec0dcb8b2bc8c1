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

        if (await LabEnvironments.Pool.MissingBeforehandAsync(topology, CapabilityHooks.Needed(feature.FeatureInfo.Tags)).ConfigureAwait(false) is { } missing)
        {
            // every scenario would be skipped for it: say so now, without building an environment first
            await LookAhead.FeatureStartedAsync(feature.FeatureInfo.Title).ConfigureAwait(false);
            throw missing;
        }

        var clock = Stopwatch.StartNew();
        Progress($"[{feature.FeatureInfo.Title}] getting a '{topology}' environment ...");
        var lease = await LabEnvironments.Pool.LeaseAsync(topology, new ProgressWriter(Progress, $"[{feature.FeatureInfo.Title}] ", titlesOnly: true),
            () => Progress($"[{feature.FeatureInfo.Title}] waiting for another feature's '{topology}' environment to be released (one at a time)")).ConfigureAwait(false);
        FeatureEnvironment.Set(feature, lease);
        Progress($"[{feature.FeatureInfo.Title}] environment {lease.Environment} ready in {clock.Elapsed.TotalSeconds:0.0} s");
        await LookAhead.FeatureStartedAsync(feature.FeatureInfo.Title).ConfigureAwait(false);
    }

    [AfterFeature(Order = 1000)]
    public static async Task ReleaseEnvironmentAsync(FeatureContext feature)
    {
        var took = feature.TryGetValue(ClockKey, out Stopwatch? clock) && clock is not null ? clock.Elapsed : TimeSpan.Zero;
        if (FeatureEnvironment.Take(feature) is { } lease)
        {
            // reset and kept; removed in the background when its last scenario's change was kept; removed when tainted
            var what = await lease.ReleaseAsync().ConfigureAwait(false);
            if (lease.Change is not null || lease.Taint is not null) Progress($"[{feature.FeatureInfo.Title}] {what}");
        }

        Progress($"[{feature.FeatureInfo.Title}] feature took {took.TotalSeconds:0.0} s");
    }

    [AfterTestRun(Order = 1000)]
    public static async Task DisposeAllEnvironmentsAsync()
    {
        await LabEnvironments.Pool.SettleAsync().ConfigureAwait(false);
        await LabEnvironments.DisposeAllAsync().ConfigureAwait(false);
    }

    /// <summary>The first tag naming a topology of the environment file, or null.</summary>
    public static string? TopologyOf(IEnumerable<string> tags) =>
        tags.Any() ? TopologyTags.Find(EnvironmentFile.Load(LabEnvironments.EnvironmentFilePath), tags)?.Name : null;

    /// <summary>Live progress: NUnit's progress stream reaches the dotnet test console at once (test output only at the test's end).</summary>
    internal static void Progress(string line) => NUnit.Framework.TestContext.Progress.WriteLine($"labspecs: {line}");
}
