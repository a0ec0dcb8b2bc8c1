using System.Text.Json;
using LabSpecs.Runner;

namespace LabSpecs.Cli;

/// <summary>
/// <c>labspecs paths --json</c>: the names scripts need, defined once in C#: where reports go, the messages file's name, the
/// features directory, the <c>dotnet test --filter</c> that selects the lab scenarios (and nothing else of their assembly), and
/// where environments' ledgers are (who owns each: bench/chaos.sh finds a run's environments there).
/// </summary>
internal static class PathsCommand
{
    public static int Run()
    {
        var start = AppContext.BaseDirectory;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            reports = RunnerPaths.ReportsDirectory(start),
            messages = TestRun.MessagesReportName,
            features = RunnerPaths.FeaturesDirectory(start),
            labsFilter = $"FullyQualifiedName~{ScenarioNames.FixtureClass}",
            ledgers = LabSpecs.Environments.Embedded.LabPaths.LedgersRoot,
        }));
        return 0;
    }
}
