using LabSpecs.Site;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Site.Outcomes;

/// <summary>The run's outcome and the rerun list, from recorded real passes (Recorded/Outcomes/README.md).</summary>
public class RunOutcomeTests
{
    private static string Recorded(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Recorded", "Outcomes", name);

    private const string Docker0 = "Bridge Networking Deep Dive › The docker0 bridge, with no container connected";
    private const string Fixture = "Bridge Networking Deep Dive › Fixture: an expectation changed on purpose fails with its output and diagnostics";
    private const string Gre = "Bridge Networking Deep Dive › Fixture: a scenario that needs GRE is skipped with the reason";

    private static readonly TestPass First = new(Recorded("first.trx"), Recorded("first.ndjson"));
    private static readonly TestPass Rerun = new(Recorded("rerun.trx"), Recorded("rerun.ndjson"), IsRerun: true);

    [Test]
    public void The_first_pass_counts_what_the_messages_show_and_names_the_failed_scenarios_for_a_rerun()
    {
        var outcome = RunOutcome.Of([First], Recorded("features"));

        outcome.ClosingLine.ShouldBe("Tests: 4 passed, 2 failed, 1 skipped");
        outcome.RerunList.ShouldBe([Docker0, Fixture], ignoreOrder: true);
        outcome.OtherFailures.ShouldBeEmpty();
        outcome.Tests.Single(t => t.Name == Gre).Reason.ShouldNotBeNull().ShouldStartWith("needs gre: ");
        outcome.Tests.Single(t => t.Name == Fixture).Reason.ShouldNotBeNull().ShouldContain("and the gateway", customMessage: "the failing step in the step's words");
    }

    [Test]
    public void A_scenario_that_passes_when_run_again_is_flaky_and_one_that_fails_again_stays_failed()
    {
        var outcome = RunOutcome.Of([First, Rerun], Recorded("features"));

        outcome.Tests.Single(t => t.Name == Docker0).Outcome.ShouldBe(Outcome.Flaky);
        outcome.Tests.Single(t => t.Name == Fixture).Outcome.ShouldBe(Outcome.Failed);
        outcome.Tests.Single(t => t.Name == Fixture).Reason.ShouldNotBeNull().ShouldContain("172.31.0.0/16", customMessage: "the rerun's failing step, not a hook");
        outcome.ClosingLine.ShouldBe("Tests: 5 passed, 1 failed, 1 skipped", "a flaky scenario counts once, as passed");
        outcome.RerunList.ShouldBe([Fixture]);
    }

    [Test]
    public void A_second_pass_that_is_not_a_rerun_adds_its_tests()
    {
        // the ssh pass of 'run.ps1 test' runs the same labs again: both passes count
        var outcome = RunOutcome.Of([First, First with { }], Recorded("features"));

        outcome.ClosingLine.ShouldBe("Tests: 8 passed, 4 failed, 2 skipped");
    }

    [Test]
    public void Without_messages_the_trx_alone_gives_each_test_its_outcome_and_a_skip_its_reason()
    {
        var outcome = RunOutcome.Of([new TestPass(Recorded("first.trx"))], Recorded("features"));

        outcome.ClosingLine.ShouldBe("Tests: 4 passed, 2 failed, 1 skipped");
        outcome.Tests.Single(t => t.Name == Gre).Reason.ShouldNotBeNull().ShouldContain("GRE");
        outcome.RerunList.Count.ShouldBe(2);
    }

    [Test]
    public void A_failed_test_that_is_no_lab_scenario_is_not_rerun_but_fails_the_run()
    {
        // the same .trx read against an empty features directory: none of its tests is a lab scenario
        var empty = Directory.CreateTempSubdirectory("labspecs-outcome-").FullName;
        try
        {
            var outcome = RunOutcome.Of([new TestPass(Recorded("first.trx"))], empty);

            outcome.RerunList.ShouldBeEmpty();
            outcome.OtherFailures.Count.ShouldBe(2);
            outcome.Failed.ShouldBe(2);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
