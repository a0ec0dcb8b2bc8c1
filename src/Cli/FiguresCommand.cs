using System.Text.Json;
using LabSpecs.Core;
using LabSpecs.Runner;
using LabSpecs.Site;

namespace LabSpecs.Cli;

/// <summary><c>labspecs figures [--messages FILE] [--json]</c>: the suite figures of one lab run (<see cref="SuiteFigures"/>).</summary>
internal static class FiguresCommand
{
    public static int Run(string[] args)
    {
        var messages = Path.Combine(RunnerPaths.ReportsDirectory(AppContext.BaseDirectory), TestRun.MessagesReportName);
        var json = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--messages" when i + 1 < args.Length: messages = Path.GetFullPath(args[++i]); break;
                case "--json": json = true; break;
                default: throw new LabSpecsException($"figures: unknown option {args[i]} (valid: --messages FILE, --json)");
            }
        }

        if (!File.Exists(messages)) throw new LabSpecsException($"figures: no messages file {messages} (run the labs first: dotnet pwsh ./run.ps1 run)");
        var f = SuiteFigures.Of(RunMessages.Read([messages]));
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(f with { }, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            return 0;
        }

        Console.WriteLine($"suite wall (first to last message): {f.WallSeconds:0.0} s, {f.TestCases} test cases");
        Console.WriteLine($"scenario time: {f.ScenarioSeconds:0} s = steps {f.StepSeconds:0} s + cleanup hook {f.CleanupSeconds:0} s + reset {f.ResetSeconds:0} s + other hooks {f.OtherHookSeconds:0} s");
        Console.WriteLine($"cleanup + reset share of scenario time: {f.CleanupSharePercent:0} %");
        Console.WriteLine($"framework time per step (median step of the runner self-test features, no commands): {f.FrameworkMsPerStep:0.0} ms");
        Console.WriteLine($"dearest cleanups ({string.Join(", ", LabHooks.Cleanup.Concat(LabHooks.Reset))}, per scenario):");
        foreach (var c in f.DearestCleanups) Console.WriteLine($"  {c.Seconds:0.00} s  {c.Scenario}");
        return 0;
    }
}
