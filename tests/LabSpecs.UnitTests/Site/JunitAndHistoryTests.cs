using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using LabSpecs.Runner;
using LabSpecs.Site;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Site;

public class JunitAndHistoryTests
{
    private static string Recorded(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Recorded", "Site", name);

    private static IReadOnlyList<Lab> Labs(params string[] messages)
    {
        var dir = Directory.CreateTempSubdirectory("labspecs-site-").FullName;
        try
        {
            return SiteGenerator.Generate(new SiteOptions(messages.Select(Recorded).ToList(), Recorded("features"), "", dir)).Labs;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void The_labs_junit_xml_validates_against_the_junit_schema_and_counts_what_ran()
    {
        var xml = JunitWriter.ToXml(Labs("bridge-run.ndjson"));

        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(TestContext.CurrentContext.TestDirectory, "Site", "junit.xsd"));
        var errors = new List<string>();
        xml.Validate(schemas, (_, e) => errors.Add(e.Message));
        errors.ShouldBeEmpty();
        var root = xml.Root!;
        ((int)root.Attribute("tests")!).ShouldBe(7, "5 passed, 1 failed, 1 skipped; labs that did not run are left out");
        ((int)root.Attribute("failures")!).ShouldBe(1);
        ((int)root.Attribute("skipped")!).ShouldBe(1);
        var failure = root.Descendants("failure").ShouldHaveSingleItem();
        failure.Attribute("message")!.Value.ShouldContain("172.31.0.0/16");
        failure.Value.ShouldContain("172.17.0.0/16");
        root.Descendants("skipped").ShouldHaveSingleItem().Attribute("message")!.Value.ShouldStartWith("needs gre: ");
    }

    [Test]
    public void Two_runs_in_the_history_show_per_scenario_and_what_newly_failed_or_got_fixed()
    {
        var labs = Labs("bridge-run.ndjson");
        var failing = labs.SelectMany(l => l.Scenarios.Zip(History.Keys(l))).Single(x => x.First.Outcome == Outcome.Failed).Second;
        var passing = labs.SelectMany(l => l.Scenarios.Zip(History.Keys(l))).First(x => x.First.Outcome == Outcome.Passed).Second;
        var dir = Directory.CreateTempSubdirectory("labspecs-history-").FullName;
        try
        {
            // Given a first run where everything passed (the failing one's record turned to passed) and the second run as recorded
            var second = History.Record(labs, DateTimeOffset.Parse("2026-12-02T02:00:00Z"), "second");
            var first = second with
            {
                Id = "first",
                Started = DateTimeOffset.Parse("2026-12-01T02:00:00Z"),
                Scenarios = second.Scenarios.Select(s => s.Key == failing ? s with { Outcome = Outcome.Passed } : s.Key == passing ? s with { Outcome = Outcome.Failed } : s).ToList(),
            };
            History.Append(dir, first, labs);
            History.Append(dir, second, labs);

            var history = History.Load(dir);

            history.Runs.Select(r => r.Id).ShouldBe(["first", "second"]);
            history.Of(failing).Select(x => x.Scenario.Outcome).ShouldBe([Outcome.Passed, Outcome.Failed]);
            var (newFailures, fixedOnes) = history.SinceLastRun();
            newFailures.Select(s => s.Key).ShouldBe([failing]);
            fixedOnes.Select(s => s.Key).ShouldBe([passing]);
            File.ReadAllText(Path.Combine(dir, RunSelection.DurationsFileName)).ShouldContain("docker/06-bridge-networking-deep-dive.feature");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
