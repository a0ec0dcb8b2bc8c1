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
    public static IEnumerable<TestFixtureData> Fixtures() => FeatureFixtures.For(typeof(LabFeatures).Assembly);

    [Scenarios]
    public Task Scenario(ScenarioCase scenario) => ScenarioExecutor.RunAsync(scenario, typeof(LabFeatures).Assembly);

    [OneTimeTearDown]
    public Task ReleaseFeatureAsync() => ScenarioExecutor.ReleaseFeatureAsync(feature, typeof(LabFeatures).Assembly);
}
