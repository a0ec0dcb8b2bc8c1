using LabSpecs.Runner;
using LabSpecs.Site;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Site;

/// <summary>
/// The labs × engines matrix from real runs' messages (Recorded/Site: `run.ps1 run -Category overlay-etcd` on Docker 20.10,
/// overlay-etcd-20.10.ndjson, and with `-Engine 26`, overlay-etcd-26.ndjson; README.md): files are told apart by the engine
/// their environments name, a scenario on two engines is two results (not a rerun), skips keep their reasons.
/// </summary>
public class EngineMatrixTests
{
    private static string Recorded(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Recorded", "Site", name);

    private static IReadOnlyList<(Io.Cucumber.Messages.Types.GherkinDocument, IReadOnlyList<Io.Cucumber.Messages.Types.Pickle>)> Features() =>
        FeatureCatalog.Load(Recorded("features")).Where(f => f.Document is not null).Select(f => (f.Document!, f.Pickles)).ToList();

    [Test]
    public void A_run_names_its_engine_by_the_docker_version_its_hosts_answered_with()
    {
        EngineMatrix.EngineOf(RunMessages.Read([Recorded("bridge-run.ndjson")])).ShouldBe("Docker 20.10.24");
    }

    [Test]
    public void One_engines_messages_make_no_matrix()
    {
        EngineMatrix.Split([Recorded("bridge-run.ndjson")], Features()).ShouldBeNull();
    }

    private static EngineMatrix Matrix() =>
        EngineMatrix.Split([Recorded("overlay-etcd-20.10.ndjson"), Recorded("overlay-etcd-26.ndjson")], Features()).ShouldNotBeNull();

    private static Lab Etcd(EngineRun engine) => engine.Labs.Single(l => l.Uri.EndsWith("01-overlay-etcd.feature", StringComparison.Ordinal));

    [Test]
    public void Two_engines_runs_of_the_same_lab_are_two_columns_not_a_rerun()
    {
        var matrix = Matrix();

        matrix.Engines.Select(e => e.Engine).ShouldBe(["Docker 20.10.24", "Docker 26.1.5"]);
        Etcd(matrix.Engines[0]).Count(Outcome.Passed).ShouldBe(4);
        Etcd(matrix.Engines[0]).Count(Outcome.Flaky).ShouldBe(0);
        Etcd(matrix.Engines[1]).Count(Outcome.Passed).ShouldBe(2);
    }

    [Test]
    public void On_Docker_26_the_cluster_store_scenarios_are_skipped_naming_the_engine_and_the_change()
    {
        var skipped = Etcd(Matrix().Engines[1]).Scenarios.Where(s => s.Outcome == Outcome.Skipped).ToList();

        skipped.Count.ShouldBe(2);
        skipped.ShouldAllBe(s => s.Reason!.Contains("Docker 26.1.5: --cluster-store was removed in Docker 23.0"));
    }

    [Test]
    public void The_matrix_page_shows_both_engines_and_each_scenarios_outcome()
    {
        var matrix = Matrix();

        var page = matrix.Page(matrix.Engines[0].Labs);

        page.ShouldContain("<th>Docker 20.10.24</th>");
        page.ShouldContain("<th>Docker 26.1.5</th>");
        page.ShouldContain("--cluster-store was removed in Docker 23.0");
        page.ShouldContain("engines/docker-26.1.5/labs/");
    }
}
