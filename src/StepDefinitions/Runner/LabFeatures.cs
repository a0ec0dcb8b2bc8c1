using LabSpecs.Environments;
using LabSpecs.Runner;
using NUnit.Framework;

namespace LabSpecs.Features;

/// <summary>
/// One NUnit fixture per .feature file under features/ (read at run time), one test per scenario or Examples row.
/// Test names: "Feature › Scenario [col=value, …]"; categories: the Gherkin tags without '@'.
/// </summary>
[TestFixtureSource(nameof(Fixtures))]
public sealed class LabFeatures(LabFeature feature)
{
    public static IEnumerable<TestFixtureData> Fixtures()
    {
        // scripts select the lab scenarios by this name (labspecs paths): a rename must not silently select nothing
        if (typeof(LabFeatures).FullName != ScenarioNames.FixtureClass) throw new InvalidOperationException($"ScenarioNames.FixtureClass must be {typeof(LabFeatures).FullName}");
        var hooks = typeof(LabFeatures).Assembly.GetTypes().Where(t => t.IsDefined(typeof(Reqnroll.BindingAttribute), false)).SelectMany(t => t.GetMethods()).Select(m => m.Name).ToHashSet();
        if (LabHooks.Cleanup.Concat(LabHooks.Reset).FirstOrDefault(h => !hooks.Contains(h)) is { } gone) throw new InvalidOperationException($"LabHooks names {gone}, which no binding class has: the suite figures would miss its time");
        var fixtures = FeatureFixtures.For(typeof(LabFeatures).Assembly, TakesTurns, Estimate).ToList();
        LookAhead.Order = fixtures.Select(f => f.Arguments[0]).OfType<LabFeature>().ToList();
        return fixtures;
    }

    /// <summary>The topology name of a feature (the first tag naming one), or null.</summary>
    internal static string? TopologyName(LabFeature feature) => TopologyOf(feature)?.Name;

    // read once per run, not once per question
    private static readonly Lazy<IReadOnlyDictionary<string, TopologySpec>> Topologies = new(() => EnvironmentFile.Load(LabEnvironments.EnvironmentFilePath));

    private static TopologySpec? TopologyOf(LabFeature feature) => TopologyTags.Find(Topologies.Value, feature.Tags);

    /// <summary>The topology of a feature whose topology is <c>one_at_a_time</c> (its features take turns), else null.</summary>
    private static string? TakesTurns(LabFeature feature) => TopologyOf(feature) is { OneAtATime: true } t ? t.Name : null;

    /// <summary>Without history: a feature without hosts (runner self-tests, a cluster lab) takes no time worth ordering by.</summary>
    private static double Estimate(LabFeature feature) =>
        TopologyOf(feature) is { Hosts.Count: > 0 } ? RunSelection.Estimate(feature) : 0.1 * feature.Scenarios.Count;

    [Scenarios]
    public Task Scenario(ScenarioCase scenario) => ScenarioExecutor.RunAsync(scenario, typeof(LabFeatures).Assembly);

    [OneTimeTearDown]
    public Task ReleaseFeatureAsync() => ScenarioExecutor.ReleaseFeatureAsync(feature, typeof(LabFeatures).Assembly);
}
