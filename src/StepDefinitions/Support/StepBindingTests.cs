using LabSpecs.Runner;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.Specs.Support;

/// <summary>
/// Every step of every feature under features/ (skipped and @ignore'd ones included) binds to exactly one step definition
/// and its arguments convert — checked with Reqnroll's own matcher, the same check as <c>run.ps1 run -DryRun</c>.
/// </summary>
[TestFixture]
[Category("dry-run")]
public sealed class StepBindingTests
{
    private static string Root => RunnerPaths.RepositoryRoot(AppContext.BaseDirectory);

    [Test]
    public async Task Every_step_of_every_feature_binds_to_exactly_one_step_definition()
    {
        var features = FeatureCatalog.Load(Path.Combine(Root, "features"));
        var scenarios = features.SelectMany(f => f.Scenarios).ToList();
        scenarios.Count.ShouldBeGreaterThan(50, "the features directory looks empty");

        var problems = await StepBindings.CheckAsync(scenarios, typeof(StepBindingTests).Assembly);

        problems.Count.ShouldBe(0, DryRun.Describe(problems));
    }

    [Test]
    public async Task An_unbound_step_is_named_by_file_and_line_with_the_binding_to_paste()
    {
        // Given a feature with one bound and one unbound step
        var feature = FeatureLoader.Parse(
            "Feature: f\n  Scenario: s\n    Given the text \"Docker\"\n    Then the text glows in the dark\n",
            "/tmp/features/x/f.feature", "x/f.feature");

        var problems = await StepBindings.CheckAsync(feature.Scenarios, typeof(StepBindingTests).Assembly);

        // Then only the unbound one is reported, at its line, with Reqnroll's snippet
        problems.Count.ShouldBe(1, DryRun.Describe(problems));
        problems[0].Location.ShouldBe("features/x/f.feature:4");
        problems[0].Text.ShouldBe("the text glows in the dark");
        problems[0].Snippet.ShouldNotBeNull().ShouldContain("[Then(\"the text glows in the dark\")]");
    }

    [Test]
    public async Task A_step_whose_argument_does_not_convert_is_reported()
    {
        // "I multiply {long} by {long}": 99999999999999999999 is too large for a long
        var feature = FeatureLoader.Parse(
            "Feature: f\n  Scenario: s\n    When I multiply 99999999999999999999 by 2\n",
            "/tmp/features/f.feature", "f.feature");

        var problems = await StepBindings.CheckAsync(feature.Scenarios, typeof(StepBindingTests).Assembly);

        problems.Count.ShouldBe(1, DryRun.Describe(problems));
        problems[0].Location.ShouldBe("features/f.feature:3");
    }
}
