using LabSpecs.Runner;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Runner;

public class FeatureLoaderTests
{
    private const string Outline = """"
        @lab @bridge
        Feature: Bridge networking

          Background:
            Given a host

          @ping
          Scenario Outline: Ping <target>
            When I ping <target>
            Then <loss> packets are lost

            @fast
            Examples: near
              | target     | loss |
              | 172.17.0.2 | 0    |
              | 172.17.0.3 | 0    |

            Examples: far
              | target   | loss |
              | 10.0.0.9 | 100  |

          @rule-tag
          Rule: Rules keep their tags
            Scenario: In a rule
              Given a host
              And the table
                | a | b |
                | 1 | 2 |
              But the text
                """
                line one
                line two
                """
        """";

    [Test]
    public void An_outline_becomes_one_case_per_examples_row_and_backgrounds_come_first()
    {
        var feature = FeatureLoader.Parse(Outline, "/x/bridge.feature", "net/bridge.feature");

        feature.ParseError.ShouldBeNull();
        feature.Scenarios.Select(s => s.Name).ShouldBe([
            "Bridge networking › Ping 172.17.0.2 [target=172.17.0.2, loss=0]",
            "Bridge networking › Ping 172.17.0.3 [target=172.17.0.3, loss=0]",
            "Bridge networking › Ping 10.0.0.9 [target=10.0.0.9, loss=100]",
            "Bridge networking › In a rule",
        ]);
        var first = feature.Scenarios[0];
        first.Steps.Select(s => (s.Call, s.Keyword.Trim(), s.Text)).ShouldBe([
            (StepCall.Given, "Given", "a host"),
            (StepCall.When, "When", "I ping 172.17.0.2"),
            (StepCall.Then, "Then", "0 packets are lost"),
        ]);
        first.Arguments.ShouldBe([new("target", "172.17.0.2"), new("loss", "0")]);
        first.PickleIndex.ShouldBe(0);
        feature.Scenarios[3].PickleIndex.ShouldBe(3);
    }

    [Test]
    public void Categories_are_the_tags_of_feature_rule_scenario_and_examples_without_at()
    {
        var feature = FeatureLoader.Parse(Outline, "/x/bridge.feature", "net/bridge.feature");

        feature.Scenarios[0].Categories.ShouldBe(["lab", "bridge", "ping", "fast"], ignoreOrder: true);
        feature.Scenarios[2].Categories.ShouldBe(["lab", "bridge", "ping"], ignoreOrder: true);
        feature.Scenarios[3].Categories.ShouldBe(["lab", "bridge", "rule-tag"], ignoreOrder: true);
        feature.Scenarios[0].Tags.ShouldBe(["ping", "fast"]);
        feature.Scenarios[0].InheritedTags.ShouldBe(["lab", "bridge"]);
        feature.Scenarios[3].InheritedTags.ShouldBe(["lab", "bridge", "rule-tag"]);
        feature.Scenarios[3].Rule!.Title.ShouldBe("Rules keep their tags");
    }

    [Test]
    public void Data_tables_doc_strings_and_conjunctions_reach_the_step()
    {
        var inRule = FeatureLoader.Parse(Outline, "/x/bridge.feature", "net/bridge.feature").Scenarios[3];

        inRule.Steps.Select(s => s.Text).ShouldBe(["a host", "a host", "the table", "the text"]); // feature background first
        var table = inRule.Steps[2];
        table.Call.ShouldBe(StepCall.And);
        table.ToTable()!.Rows.Single()["b"].ShouldBe("2");
        var docString = inRule.Steps[3];
        docString.Call.ShouldBe(StepCall.But);
        docString.DocString.ShouldBe("line one\nline two");
    }

    [Test]
    public void The_feature_info_carries_the_source_and_pickles_for_the_report()
    {
        var feature = FeatureLoader.Parse(Outline, "/x/bridge.feature", "net/bridge.feature");

        feature.Info.ShouldNotBeNull();
        feature.Info.Title.ShouldBe("Bridge networking");
        feature.Info.FolderPath.ShouldBe("net");
        feature.Info.Tags.ShouldBe(["lab", "bridge"]);
        feature.Scenarios.ShouldAllBe(s => ReferenceEquals(s.Feature, feature));
    }

    [Test]
    public void Repeated_scenario_names_get_their_line_to_stay_unique()
    {
        const string text = """
            Feature: Twice
              Scenario: Same
                Given a host
              Scenario: Same
                Given a host
            """;

        var names = FeatureLoader.Parse(text, "/x/t.feature", "t.feature").Scenarios.Select(s => s.Name).ToList();

        names.ShouldBe(["Twice › Same (line 2)", "Twice › Same (line 4)"]);
    }

    [Test]
    public void A_file_that_does_not_parse_reports_file_line_and_the_parser_message()
    {
        const string text = """
            @runner @broken
            Feature: Broken
              Scenario: ok
                Given a host
                This line is not Gherkin
            """;

        var feature = FeatureLoader.Parse(text, "/x/broken.feature", "chapter/broken.feature");

        feature.Scenarios.ShouldBeEmpty();
        feature.ParseError.ShouldNotBeNull();
        feature.ParseError.ShouldStartWith("chapter/broken.feature:5: (5:5): expected: ");
        feature.ParseError.ShouldContain("This line is not Gherkin");
        feature.Tags.ShouldBe(["runner", "broken"]);
    }

    [Test]
    public void An_empty_file_is_reported_not_dropped()
    {
        var feature = FeatureLoader.Parse("# only a comment\n", "/x/empty.feature", "empty.feature");

        feature.ParseError.ShouldBe("empty.feature:1: no 'Feature:' found (empty file or only comments)");
    }
}

/// <summary>`labspecs watch FILE:LINE` runs the scenario whose block holds LINE (an outline: every row).</summary>
public class ScenariosAtLineTests
{
    private const string Text = """
        Feature: f
          Background:
            Given the text "a"

          Scenario: first
            Then the text is "a"

          Scenario Outline: second
            Then the text is "<t>"
            Examples:
              | t |
              | a |
              | b |

          Scenario: third
            Then the text is "a"
        """;

    [TestCase(null, new[] { "first", "second", "second", "third" })]
    [TestCase(1, new[] { "first", "second", "second", "third" })]
    [TestCase(5, new[] { "first" })]
    [TestCase(6, new[] { "first" })]
    [TestCase(8, new[] { "second", "second" })]
    [TestCase(13, new[] { "second", "second" })]
    [TestCase(15, new[] { "third" })]
    public void The_scenario_whose_block_holds_the_line_is_selected(int? line, string[] titles)
    {
        var feature = FeatureLoader.Parse(Text, "/tmp/features/f.feature", "f.feature");

        feature.ScenariosAt(line).Select(s => s.Title).ShouldBe(titles);
    }
}
