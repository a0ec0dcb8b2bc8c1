using LabSpecs.Runner;
using LabSpecs.Site;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Site;

/// <summary>
/// The labs × engines matrix from real runs' messages (Recorded/Site: the bridge lab's fixture run on Docker 20.10,
/// bridge-run.ndjson, and the same on Docker 26, bridge-run-26.ndjson): files are told apart by the engine their environments
/// name, a scenario on two engines is two results (not a rerun), skips keep their reasons.
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
}
