using System.Reflection;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Builders;

namespace LabSpecs.Runner;

/// <summary>
/// Put on the scenario method of a feature fixture: builds one NUnit test per pickle of the fixture's
/// <see cref="LabFeature"/> (its first fixture argument), in file order, named and categorised from the Gherkin.
/// A feature that does not parse yields one test that fails with the parser's message.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ScenariosAttribute : NUnitAttribute, ITestBuilder
{
    public const string IgnoreReason = "Ignored by the @ignore tag";

    private readonly NUnitTestCaseBuilder _builder = new();

    public IEnumerable<TestMethod> BuildFrom(IMethodInfo method, Test? suite)
    {
        if ((suite as TestSuite)?.Arguments.FirstOrDefault() is not LabFeature feature)
        {
            yield break;
        }

        foreach (var parameters in TestCases(feature))
        {
            yield return _builder.BuildTestMethod(method, suite, parameters);
        }
    }

    /// <summary>The NUnit test case parameters for a feature (public so unit tests can check names and categories).</summary>
    public static IEnumerable<TestCaseParameters> TestCases(LabFeature feature)
    {
        if (feature.ParseError is not null)
        {
            var broken = new ScenarioCase(feature, ScenarioNames.ForParseError(feature.RelativePath), 1, 0, "", "", [], [],
                feature.Tags, [], null, []);
            yield return Parameters(broken, order: 0);
            yield break;
        }

        for (var i = 0; i < feature.Scenarios.Count; i++)
        {
            if (RunSelection.Takes(feature.Scenarios[i])) yield return Parameters(feature.Scenarios[i], i);
        }
    }

    private static TestCaseParameters Parameters(ScenarioCase scenario, int order)
    {
        var parameters = new TestCaseParameters([scenario]) { TestName = scenario.Name };
        foreach (var category in scenario.Categories)
        {
            parameters.Properties.Add(PropertyNames.Category, category);
        }

        parameters.Properties.Set(PropertyNames.Order, order);
        parameters.Properties.Set(PropertyNames.Description, $"{scenario.Feature.RelativePath}:{scenario.Line}");
        if (scenario.IsIgnored)
        {
            parameters.RunState = RunState.Ignored;
            parameters.Properties.Set(PropertyNames.SkipReason, IgnoreReason);
        }

        return parameters;
    }
}

/// <summary>
/// Fixture source for the test assembly: one fixture (named after the feature) per .feature file, each with an NUnit
/// order (<see cref="RunSelection.LongestFirst"/>): parallel workers take fixtures in that order.
/// </summary>
public static class FeatureFixtures
{
    /// <param name="testAssembly">The assembly whose features/ directory is read.</param>
    /// <param name="turnGroup">Names the features that take turns (see <see cref="RunSelection.LongestFirst"/>).</param>
    /// <param name="estimate">Seconds a feature without history is expected to take.</param>
    public static IEnumerable<TestFixtureData> For(Assembly testAssembly, Func<LabFeature, string?>? turnGroup = null, Func<LabFeature, double>? estimate = null)
    {
        var features = RunSelection.LongestFirst(
            RunSelection.Apply(FeatureCatalog.For(RunnerPaths.FeaturesDirectory(TestRun.AssemblyDirectory(testAssembly)))), turnGroup, RunSelection.Workers, estimate);
        for (var i = 0; i < features.Count; i++)
        {
            var fixture = new TestFixtureData(features[i]) { TestName = features[i].FixtureName };
            fixture.Properties.Set(PropertyNames.Order, i);
            yield return fixture;
        }
    }
}
