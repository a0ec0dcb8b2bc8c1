using LabSpecs.Runner;
using NUnit.Framework;
using NUnit.Framework.Internal;
using Shouldly;

namespace LabSpecs.UnitTests.Runner;

public class DiscoveryTests
{
    [Test]
    public void Every_feature_file_under_the_directory_is_found_in_path_order_including_broken_ones()
    {
        using var files = new FeatureFiles();
        files.Write("b/second.feature", "Feature: Second\n  Scenario: s\n    Given a host\n");
        files.Write("a/first.feature", "Feature: First\n  Scenario: s\n    Given a host\n");
        files.Write("a/broken.feature", "Feature: Broken\n  Scenario: s\n    Given a host\n    Gibberish\n");
        files.Write("a/notes.txt", "not a feature");

        var features = FeatureCatalog.Load(files.Directory);

        features.Select(f => f.RelativePath).ShouldBe(["a/broken.feature", "a/first.feature", "b/second.feature"]);
        features[0].ParseError.ShouldNotBeNull();
        features[0].ParseError.ShouldStartWith("a/broken.feature:4: ");
    }

    [Test]
    public void Features_with_the_same_title_get_distinct_fixture_names()
    {
        using var files = new FeatureFiles();
        files.Write("a/x.feature", "Feature: Same\n  Scenario: s\n    Given a host\n");
        files.Write("b/x.feature", "Feature: Same\n  Scenario: s\n    Given a host\n");
        files.Write("c/y.feature", "Feature: Other\n  Scenario: s\n    Given a host\n");

        var names = FeatureCatalog.Load(files.Directory).Select(f => f.FixtureName).ToList();

        names.ShouldBe(["Same (a/x.feature)", "Same (b/x.feature)", "Other"]);
    }

    [Test]
    public void A_missing_features_directory_is_an_error_that_names_the_override()
    {
        var e = Should.Throw<DirectoryNotFoundException>(() => FeatureCatalog.Load("/nonexistent/x-runner-features"));

        e.Message.ShouldContain(RunnerPaths.FeaturesVariable);
    }

    [Test]
    public void Without_overrides_features_and_reports_sit_next_to_LabSpecs_sln()
    {
        var root = RunnerPaths.RepositoryRoot(TestContext.CurrentContext.TestDirectory);

        File.Exists(Path.Combine(root, RunnerPaths.SolutionFileName)).ShouldBeTrue();
        if (Environment.GetEnvironmentVariable(RunnerPaths.FeaturesVariable) is null)
        {
            RunnerPaths.FeaturesDirectory(TestContext.CurrentContext.TestDirectory).ShouldBe(Path.Combine(root, "features"));
        }
    }

    [Test]
    public void The_repository_root_search_fails_with_a_hint_outside_the_repository()
    {
        var e = Should.Throw<DirectoryNotFoundException>(() => RunnerPaths.RepositoryRoot("/"));

        e.Message.ShouldContain(RunnerPaths.FeaturesVariable);
    }

    [Test]
    public void Test_cases_carry_names_categories_file_order_and_ignore()
    {
        const string text = """
            @lab
            Feature: Cases
              Scenario: first
                Given a host
              @ignore
              Scenario: second
                Given a host
            """;
        var feature = FeatureLoader.Parse(text, "/x/cases.feature", "cases.feature");

        var cases = ScenariosAttribute.TestCases(feature).ToList();

        cases.Select(c => c.TestName).ShouldBe(["Cases › first", "Cases › second"]);
        cases[0].Properties[PropertyNames.Category].Cast<string>().ShouldBe(["lab"]);
        cases.Select(c => c.Properties.Get(PropertyNames.Order)).ShouldBe([0, 1]);
        cases[0].RunState.ShouldBe(NUnit.Framework.Interfaces.RunState.Runnable);
        cases[1].RunState.ShouldBe(NUnit.Framework.Interfaces.RunState.Ignored);
        cases[1].Properties.Get(PropertyNames.SkipReason).ShouldBe(ScenariosAttribute.IgnoreReason);
    }

    [Test]
    public void A_broken_feature_yields_one_test_named_after_the_file_with_its_tags()
    {
        var feature = FeatureLoader.Parse("@runner\nFeature: B\n  Scenario: s\n    Given a host\n    Nonsense here\n", "/x/b.feature", "runner/b.feature");

        var single = ScenariosAttribute.TestCases(feature).ShouldHaveSingleItem();

        single.TestName.ShouldBe("runner/b.feature › does not parse");
        single.Properties[PropertyNames.Category].Cast<string>().ShouldBe(["runner"]);
    }

    [Test]
    public void Evidence_is_written_as_title_then_verbatim_content_without_repeating_the_command()
    {
        var transcript = new LabSpecs.Core.ExecResult("ip -br addr", "host1", 0, "lo UNKNOWN 127.0.0.1/8\neth0 UP 10.0.0.1/24\n", "", TimeSpan.Zero);

        var text = ReqnrollEvidenceSink.Format(new LabSpecs.Core.EvidenceItem(transcript.Command, transcript.ToTranscript()));

        text.ShouldBe("[host1]$ ip -br addr\nlo UNKNOWN 127.0.0.1/8\neth0 UP 10.0.0.1/24");
        ReqnrollEvidenceSink.Format(new LabSpecs.Core.EvidenceItem("docker inspect c1", "{ }", IsDiagnostic: true))
            .ShouldBe("[diagnostic] docker inspect c1\n{ }");
    }
}
