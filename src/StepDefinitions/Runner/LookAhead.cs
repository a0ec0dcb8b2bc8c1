using LabSpecs.Environments;
using LabSpecs.Runner;

namespace LabSpecs.Features;

/// <summary>
/// The environment of the feature that starts next is made while the current ones run: workers take features in the
/// order of <see cref="FeatureFixtures"/>, so when a feature starts, the first feature of that order not yet started is the
/// next to come. If no environment of its topology is idle or being made, one is started in the background
/// (<see cref="EnvironmentPool.PrepareAhead"/>, a policy of the pool, off unless LABSPECS_LOOKAHEAD=1); the next feature then finds it ready instead of waiting ~1 s (more on a busy
/// machine) for a new one. In a run filtered with <c>--filter</c> the next feature of the order may never start: at most one
/// environment per topology is then made for nothing (and removed at the end of the run).
/// </summary>
internal static class LookAhead
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<LabFeature> Started = [];

    /// <summary>The run's features in the order workers take them (set when NUnit asks for the fixtures).</summary>
    public static IReadOnlyList<LabFeature> Order { get; set; } = [];

    /// <summary>Marks the feature titled <paramref name="title"/> as started; returns the next feature to come that has a topology, if any.</summary>
    public static LabFeature? NextAfterStarting(string title)
    {
        lock (Gate)
        {
            var current = Order.FirstOrDefault(f => f.Title == title && !Started.Contains(f));
            if (current is not null) Started.Add(current);
            return Order.Where(f => !Started.Contains(f)).FirstOrDefault(f => LabFeatures.TopologyName(f) is not null);
        }
    }

    private static readonly Dictionary<string, int> ScenariosStarted = new(StringComparer.Ordinal);

    /// <summary>Counts a scenario of the feature titled <paramref name="title"/> as started (before it runs).</summary>
    public static void ScenarioStarted(string title)
    {
        lock (Gate) ScenariosStarted[title] = ScenariosStarted.GetValueOrDefault(title) + 1;
    }

    /// <summary>
    /// Whether a spare environment of <paramref name="topology"/> may still be used: the feature titled
    /// <paramref name="title"/> has scenarios left, or a feature of that topology has not started yet. When the run's order
    /// is unknown, yes. A filtered run may run fewer scenarios than a feature has: then a spare is made for nothing, as before.
    /// </summary>
    public static bool MaySpareBeUsed(string title, string topology)
    {
        lock (Gate)
        {
            if (Order.Count == 0 || Order.FirstOrDefault(f => f.Title == title) is not { } current) return true;
            return ScenariosStarted.GetValueOrDefault(title) < current.Scenarios.Count
                || Order.Any(f => !Started.Contains(f) && LabFeatures.TopologyName(f) == topology);
        }
    }

    /// <summary>
    /// Called when a feature has its environment (or needs none): prepares the next feature's, when it has none and the next
    /// feature will use one (a feature whose needed capability is known missing beforehand is skipped without one).
    /// </summary>
    public static async Task FeatureStartedAsync(string title)
    {
        if (NextAfterStarting(title) is not { } next || LabFeatures.TopologyName(next) is not { } topology) return;
        try
        {
            if (await LabEnvironments.Pool.MissingBeforehandAsync(topology, LabSpecs.Specs.Hooks.CapabilityHooks.Needed(next.Tags)).ConfigureAwait(false) is not null) return;
            if (LabEnvironments.Pool.PrepareAhead(topology))
            {
                LabSpecs.Specs.Hooks.EnvironmentHooks.Progress($"[{title}] making a '{topology}' environment ahead for the next feature");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // a look-ahead never fails the feature that asked: the next feature meets the same problem itself, with its own words
            LabSpecs.Specs.Hooks.EnvironmentHooks.Progress($"[{title}] no environment made ahead for the next feature: {e.Message.Split('\n')[0]}");
        }
    }
}
