using System.Text.Json;
using LabSpecs.Core;
using LabSpecs.Runner;
using LabSpecs.Site;

namespace LabSpecs.Cli;

/// <summary>
/// <c>labspecs summary</c>: the run's outcome (what passed, failed, was skipped and why; the closing line CI reads) and
/// <c>labspecs rerun-list</c>: the failed lab scenarios a second attempt takes (<c>LABSPECS_RERUN</c>). Both from the passes
/// of a run (<see cref="TestPass"/>): each .trx with the reports directory whose messages it goes with.
/// </summary>
internal static class SummaryCommand
{
    public const string Options = "--pass TRX[=REPORTS_DIR]... [--rerun TRX[=REPORTS_DIR]]... [--features DIR] [--json]";

    /// <summary>Exit code 1 when a test failed, none ran, or <c>--run-failed</c> says a step outside the tests failed (a dotnet test run did not exit 0, the chaos proof).</summary>
    public static int Summary(string[] args)
    {
        var (outcome, options, passes) = Read(args, "summary");
        if (options.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                passed = outcome.Passed,
                failed = outcome.Failed,
                skipped = outcome.Skipped,
                flaky = outcome.Tests.Where(t => t.Outcome == Outcome.Flaky).Select(t => t.Name),
                failures = outcome.Tests.Where(t => t.Outcome == Outcome.Failed).Select(t => new { name = t.Name, reason = t.Reason }),
                skips = outcome.Tests.Where(t => t.Outcome == Outcome.Skipped).Select(t => new { name = t.Name, reason = t.Reason }),
            }));
        }
        else
        {
            Write(outcome);
            WhereTheReportIs(passes);
        }

        var total = outcome.Passed + outcome.Failed + outcome.Skipped;
        if (total == 0) Console.WriteLine("labspecs: no test was executed.");
        else if (outcome.Passed + outcome.Failed == 0) Console.WriteLine("labspecs: every selected test was skipped (reasons above).");
        if (outcome.Failed > 0 || total == 0 || options.RunFailed)
        {
            Console.WriteLine($"FAILED ({outcome.Failed} failed test(s){(options.RunFailed ? "; a step of the run failed outside the tests: a dotnet test run did not exit 0, or the chaos proof found a leftover" : "")})");
            return 1;
        }

        return 0;
    }

    /// <summary>Writes the failed lab scenarios' names to <c>--out FILE</c>, one a line; prints how many (and the other failures).</summary>
    public static int RerunList(string[] args)
    {
        var (outcome, options, _) = Read(args, "rerun-list");
        var file = options.Out ?? throw new LabSpecsException("rerun-list: --out FILE is required");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllLines(file, outcome.RerunList);
        if (options.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { file = Path.GetFullPath(file), scenarios = outcome.RerunList, otherFailures = outcome.OtherFailures }));
        }
        else
        {
            Console.WriteLine($"{outcome.RerunList.Count} failed lab scenario(s) to run again: {file}");
            foreach (var other in outcome.OtherFailures) Console.WriteLine($"  not a lab scenario, not run again: {other}");
        }

        return 0;
    }

    private static void Write(RunOutcome outcome)
    {
        Console.WriteLine();
        var skipped = outcome.Tests.Where(t => t.Outcome == Outcome.Skipped).ToList();
        if (skipped.Count > 0) Console.WriteLine("Skipped, with the reason:");
        foreach (var t in skipped) Console.WriteLine($"  - {t.Name}: {t.Reason}");
        var flaky = outcome.Tests.Where(t => t.Outcome == Outcome.Flaky).ToList();
        if (flaky.Count > 0) Console.WriteLine("Flaky (failed, then passed when run again):");
        foreach (var t in flaky) Console.WriteLine($"  - {t.Name}");
        var failed = outcome.Tests.Where(t => t.Outcome == Outcome.Failed).ToList();
        if (failed.Count > 0) Console.WriteLine("Failed:");
        foreach (var t in failed) Console.WriteLine($"  - {t.Name}{(t.Reason is { } r ? $": {r}" : "")}");
        Console.WriteLine(outcome.ClosingLine);
    }

    private static void WhereTheReportIs(IReadOnlyList<TestPass> passes)
    {
        if (passes.FirstOrDefault(p => p.MessagesFile is not null) is not { MessagesFile: { } messages }) return;
        var html = Path.Combine(Path.GetDirectoryName(messages)!, TestRun.HtmlReportName);
        Console.WriteLine(File.Exists(html) ? $"Living-doc report: {html}\nMessages (ndjson): {messages}" : $"No report was written at {html}");
    }

    private sealed record Parsed(bool Json, bool RunFailed, string? Out);

    private static (RunOutcome, Parsed, IReadOnlyList<TestPass>) Read(string[] args, string verb)
    {
        var passes = new List<TestPass>();
        var features = RunnerPaths.FeaturesDirectory(AppContext.BaseDirectory);
        bool json = false, runFailed = false;
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new LabSpecsException($"{verb}: {args[i]} needs a value");
            switch (args[i])
            {
                case "--pass": passes.Add(Pass(Value(), rerun: false)); break;
                case "--rerun": passes.Add(Pass(Value(), rerun: true)); break;
                case "--features": features = Path.GetFullPath(Value()); break;
                case "--json": json = true; break;
                case "--run-failed": runFailed = true; break;
                case "--out" when verb == "rerun-list": output = Value(); break;
                default: throw new LabSpecsException($"{verb}: unknown option {args[i]} (valid: {Options}{(verb == "rerun-list" ? " --out FILE" : " [--run-failed]")})");
            }
        }

        return (RunOutcome.Of(passes, features), new Parsed(json, runFailed, output), passes);
    }

    /// <summary>"results.trx=reports" or "results.trx".</summary>
    private static TestPass Pass(string text, bool rerun)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        return eq < 0
            ? new TestPass(Path.GetFullPath(text), null, rerun)
            : TestPass.OfLabs(Path.GetFullPath(text[..eq]), Path.GetFullPath(text[(eq + 1)..]), rerun);
    }
}
