using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Runner;
using LabSpecs.Site;

namespace LabSpecs.Cli;

/// <summary><c>labspecs report</c>: the living-documentation site from a run's messages (or several: shards, reruns).</summary>
internal static class ReportCommand
{
    public static int Run(string[] args)
    {
        var root = RunnerPaths.RepositoryRoot(AppContext.BaseDirectory);
        var reports = RunnerPaths.ReportsDirectory(root);
        var messages = new List<string>();
        string? output = null;
        string? junit = null;
        string? history = Environment.GetEnvironmentVariable(RunSelection.HistoryVariable) is { Length: > 0 } h ? Path.GetFullPath(h) : null;
        var record = false;
        var failOnFailure = false;
        var features = RunnerPaths.FeaturesDirectory(root);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new LabSpecsException($"report: {args[i]} needs a value");
            switch (args[i])
            {
                case "--messages": messages.Add(Path.GetFullPath(Value())); break;
                case "--merge":
                    var dir = Path.GetFullPath(Value());
                    if (!Directory.Exists(dir)) throw new LabSpecsException($"report: no directory {dir} to merge");
                    messages.AddRange(Directory.EnumerateFiles(dir, "*.ndjson", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
                    break;
                case "--out": output = Path.GetFullPath(Value()); break;
                case "--junit": junit = Path.GetFullPath(Value()); break;
                case "--history": history = Path.GetFullPath(Value()); break;
                case "--record": record = true; break;
                case "--fail-on-failure": failOnFailure = true; break;
                case "--features": features = Path.GetFullPath(Value()); break;
                default: throw new LabSpecsException($"report: unknown option {args[i]} (valid: --messages FILE, --merge DIR, --out DIR, --features DIR, --junit FILE, --history DIR, --record, --fail-on-failure)");
            }
        }

        if (messages.Count == 0) messages.Add(Path.Combine(reports, TestRun.MessagesReportName));
        var result = SiteGenerator.Generate(new SiteOptions(messages, features, EnvironmentFile.DefaultPath(), output ?? Path.Combine(reports, "site"),
            history ?? Path.Combine(reports, "history"), record));
        var scenarios = result.AllLabs.SelectMany(l => l.Scenarios).ToList();
        Console.WriteLine($"Site: {result.IndexPath} ({result.Labs.Count} labs, {scenarios.Count} scenarios: " +
            string.Join(", ", Enum.GetValues<Outcome>().Select(o => $"{scenarios.Count(s => s.Outcome == o)} {Html.OutcomeWord(o)}")) +
            $"; {result.Messages.Count} messages from {messages.Count} file(s))");
        foreach (var t in result.Messages.Truncated) Console.WriteLine($"  note: {t}");
        if (result.Matrix is { } matrix)
        {
            Console.WriteLine($"Engines: {Path.Combine(Path.GetDirectoryName(result.IndexPath)!, EngineMatrix.PageName)} (labs × engines)");
            foreach (var e in matrix.Engines)
            {
                var mine = e.Labs.SelectMany(l => l.Scenarios).ToList();
                Console.WriteLine($"  {e.Engine}: " + string.Join(", ", Enum.GetValues<Outcome>().Where(o => mine.Any(s => s.Outcome == o)).Select(o => $"{mine.Count(s => s.Outcome == o)} {Html.OutcomeWord(o)}")) +
                    $" ({e.Directory}/index.html)");
            }
        }
        if (record) Console.WriteLine($"History: this run added to {history ?? Path.Combine(reports, "history")} ({result.History.Runs.Count} runs shown)");
        if (junit is not null)
        {
            JunitWriter.Write(result.Labs, junit);
            Console.WriteLine($"JUnit: {junit}");
        }

        var failed = scenarios.Where(s => s.Outcome == Outcome.Failed).ToList();
        foreach (var s in scenarios.Where(s => s.Outcome == Outcome.Flaky)) Console.WriteLine($"  flaky: {s.Uri} › {s.Name} ({s.Reason})");
        foreach (var s in failed) Console.WriteLine($"  FAILED: {s.Uri} › {s.Name} ({s.Reason})");
        return failOnFailure && failed.Count > 0 ? 1 : 0;
    }
}
