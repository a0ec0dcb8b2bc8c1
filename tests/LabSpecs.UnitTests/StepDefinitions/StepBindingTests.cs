using LabSpecs.Runner;
using LabSpecs.Specs.Support;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.StepDefinitions;

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

        var problems = await StepBindings.CheckAsync(scenarios, typeof(LabContext).Assembly);

        problems.Count.ShouldBe(0, DryRun.Describe(problems));
    }

    [Test]
    public async Task An_unbound_step_is_named_by_file_and_line_with_the_binding_to_paste()
    {
        // Given a feature with one bound and one unbound step
        var feature = FeatureLoader.Parse(
            "Feature: f\n  Scenario: s\n    Given the text \"Docker\"\n    Then the text glows in the dark\n",
            "/tmp/features/x/f.feature", "x/f.feature");

        var problems = await StepBindings.CheckAsync(feature.Scenarios, typeof(LabContext).Assembly);

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

        var problems = await StepBindings.CheckAsync(feature.Scenarios, typeof(LabContext).Assembly);

        problems.Count.ShouldBe(1, DryRun.Describe(problems));
        problems[0].Location.ShouldBe("features/f.feature:3");
    }
}

/// <summary>A scenario written only from the Kubernetes section of docs/step-catalog.md binds, as the catalog promises.</summary>
[TestFixture]
[Category("step-catalog")]
public sealed partial class KubernetesCatalogTests
{
    private static string Root => RunnerPaths.RepositoryRoot(AppContext.BaseDirectory);

    [Test]
    public async Task Every_example_of_the_catalogs_Kubernetes_section_binds_in_a_feature_with_its_tag()
    {
        var rows = Section("Kubernetes");
        rows.Count.ShouldBeGreaterThan(20, "the catalog has no Kubernetes section");
        var feature = new System.Text.StringBuilder("Feature: written from the catalog\n");
        foreach (var (keyword, scope, example) in rows)
        {
            feature.Append($"  @{scope ?? "k8s"}\n  Scenario: {example.Replace("\"", "")}\n    {keyword.Split('/')[0]} {example}\n");
        }

        var problems = await Bind(feature.ToString());

        problems.Count.ShouldBe(0, DryRun.Describe(problems));
    }

    [Test]
    public async Task A_new_scenario_from_the_catalogs_phrases_with_other_words_binds()
    {
        // Given a lab author who only read the Kubernetes section of the catalog
        const string feature = """
            @k8s
            Feature: my own lab
              Scenario: a mysql pod and its service
                Given the pod "mysql" from "mysql-pod.yml" is running
                And the service "mysql" from "mysql-svc.yml"
                When I run "kubectl get svc"
                Then the service "mysql" is listed with the port "3306/TCP"
                When I run "kubectl create -f nginx-rc.yml"
                Then kubectl created the replicationcontroller "nginx"
                And 2 pods labelled "app=nginx" become Running
                When I run "kubectl scale rc nginx --replicas=4"
                Then 4 pods labelled "app=nginx" become Running
                When I fetch port 80 of the pod "mysql" from inside it 3 times
                Then the answer is an error connecting to "mysql:3306"
            """;

        var problems = await Bind(feature);

        problems.Count.ShouldBe(0, DryRun.Describe(problems));
    }

    private static async Task<IReadOnlyList<StepBindingProblem>> Bind(string text) =>
        await StepBindings.CheckAsync(FeatureLoader.Parse(text, "/tmp/features/catalog.feature", "catalog.feature").Scenarios,
            typeof(LabContext).Assembly);

    /// <summary>(keyword, scope tag, example) of every row of one section of the committed catalog that has an example.</summary>
    private static List<(string Keyword, string? Scope, string Example)> Section(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "docs", "step-catalog.md"))
            .SkipWhile(l => l != $"## {name}").Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));
        return lines.Select(l => Row().Match(l)).Where(m => m.Success)
            .Select(m => (m.Groups["kw"].Value, m.Groups["scope"].Success ? m.Groups["scope"].Value : null, m.Groups["example"].Value.Replace("\\|", "|")))
            .ToList();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\| (?<kw>[A-Za-z/]+) \| `[^`]+`(?: \(in `@(?<scope>[a-z0-9-]+)` features\))? \| `(?<example>[^`]+)` \|")]
    private static partial System.Text.RegularExpressions.Regex Row();
}
