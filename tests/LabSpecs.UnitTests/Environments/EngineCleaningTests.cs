using LabSpecs.Environments;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments;

public sealed class EngineCleaningTests
{
    private static Dictionary<string, string> Labelled(string run) => new() { ["labspecs.run"] = run, ["com.docker.compose.project"] = "p" };

    [Test]
    public void Everything_removes_labelled_and_unlabelled_things_alike()
    {
        EngineCleaning.Everything.Removes(null).ShouldBeTrue();
        EngineCleaning.Everything.Removes(Labelled("run-a")).ShouldBeTrue();
        EngineCleaning.Everything.Label.ShouldBeNull();
        EngineCleaning.Everything.LeaveSwarm.ShouldBeTrue("embedded hosts are the run's own: a swarm on them is the run's");
    }

    [Test]
    public void A_runs_clean_filters_by_its_id_and_leaves_the_swarm_alone_unless_asked()
    {
        var of = EngineCleaning.OfRun("run-a");
        of.Label.ShouldBe("labspecs.run=run-a");
        of.LeaveSwarm.ShouldBeFalse();
        of.RemoveUnusedGwbridge.ShouldBeFalse();
    }

    [Test]
    public void The_sweep_of_dead_runs_takes_every_runs_things_but_those_of_kept_runs()
    {
        var sweep = EngineCleaning.OfDeadRuns(new HashSet<string> { "kept-run" });
        sweep.Label.ShouldBe("labspecs.run");
        sweep.Removes(Labelled("dead-run")).ShouldBeTrue();
        sweep.Removes(Labelled("kept-run")).ShouldBeFalse();
    }

    [Test]
    public void What_was_cleaned_reads_as_counts_and_refusals()
    {
        new EngineCleaned(0, 2, 1, 0, false, true, []).ToString().ShouldBe("containers: 2, networks: 1, docker_gwbridge");
        new EngineCleaned(0, 0, 0, 0, false, false, []).Nothing.ShouldBeTrue();
        var refused = new EngineCleaned(1, 0, 0, 0, true, false, ["networks: network x has active endpoints"]);
        refused.Nothing.ShouldBeFalse();
        refused.ToString().ShouldBe("services: 1, left the swarm, not removed: networks: network x has active endpoints");
    }
}
