using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Runner;
using LabSpecs.Site;

namespace LabSpecs.Cli;

/// <summary>
/// <c>labspecs watch FILE[:LINE] [--once]</c>: the learner's edit loop. One warm process holds the labs' test assembly and the
/// feature's environment; every time the file is saved it runs the file's scenarios (or the one at LINE) on Reqnroll's runtime
/// in this process (<see cref="ScenarioExecutor"/>: the same hooks as a test run, so each scenario gets the environment reset,
/// a broken one replaced), prints each step's outcome and the failure in the lab's words, and rewrites the lab's page of the
/// site. Ctrl-C or SIGTERM: the running step ends, the environment is removed (AfterTestRun); a second Ctrl-C leaves at once and
/// the reaper that the environment layer started for this process removes what is left.
/// </summary>
internal static class WatchCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static StepEchoFilter? _console;

    /// <summary>The watch's own lines: straight to the terminal (they also end a diagnostics block the filter holds back).</summary>
    private static void Say(string line)
    {
        if (_console is null) Console.Out.WriteLine(line);
        else _console.Say(line);
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancel)
    {
        if (args is not [var target, .. var options])
        {
            throw new LabSpecsException("usage: labspecs watch FILE[:LINE] [--once]   (e.g. labspecs watch features/docker/05-linux-network-namespace.feature:12)");
        }

        var (path, line) = Target(target);
        if (!SpecsAssembly.IsHere)
        {
            return await SpecsAssembly.RunThereAsync(["watch", path + (line is null ? "" : $":{line}"), .. options], cancel).ConfigureAwait(false);
        }

        // the messages file is read while Reqnroll's formatter still writes it (same process; .NET's own advisory lock only)
        AppContext.SetSwitch("System.IO.DisableFileLocking", true);
        var console = new StepEchoFilter(Console.Out);
        _console = console;
        Console.SetOut(console);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        var interrupts = 0;
        var cleaning = false;
        Console.CancelKeyPress += (_, e) =>
        {
            // the first Ctrl-C ends the loop and cleans up; a second one before the cleanup started leaves now (the reaper removes
            // the environment); during the cleanup it is ignored (stopping the hosts' processes may signal this process group too)
            e.Cancel = true;
            if (cleaning) return;
            if (++interrupts > 1) Environment.Exit(130);
            Say("labspecs watch: stopping after the running step (Ctrl-C again to leave at once)");
        };

        var root = RunnerPaths.RepositoryRoot(AppContext.BaseDirectory);
        var features = RunnerPaths.FeaturesDirectory(AppContext.BaseDirectory);
        var reports = RunnerPaths.ReportsDirectory(AppContext.BaseDirectory);
        var watchReports = Path.Combine(reports, "watch");
        Environment.SetEnvironmentVariable(RunnerPaths.ReportsVariable, watchReports);
        Environment.SetEnvironmentVariable("REQNROLL_FORMATTERS", null);
        var specs = SpecsAssembly.Load();
        await TestRun.StartAsync(specs).ConfigureAwait(false);
        var messages = Path.Combine(watchReports, TestRun.MessagesReportName);
        var header = Length(messages);
        Say($"labspecs watch: {Path.GetRelativePath(root, path)}{(line is null ? "" : $":{line}")} — runs on every save; Ctrl-C to stop");
        try
        {
            var seen = "";
            var first = true;
            var parent = ParentId();
            while (!stop.IsCancellationRequested)
            {
                if (ParentId() != parent)
                {
                    Say("labspecs watch: the command that started it is gone; stopping");
                    break;
                }

                var text = await ReadAsync(path).ConfigureAwait(false);
                if (text is null || text == seen)
                {
                    await Task.Delay(Poll, stop.Token).ConfigureAwait(false);
                    continue;
                }

                if (!first) Say($"\n[{DateTime.Now:HH:mm:ss.fff}] {Path.GetFileName(path)} changed");
                first = false;
                seen = text;
                var start = Length(messages);
                var feature = FeatureLoader.Load(path, features);
                var outcome = await RunOnceAsync(feature, line, specs).ConfigureAwait(false);
                WriteLabPage(feature, messages, header, start, watchReports, reports, features);
                if (options.Contains("--once")) return outcome ? 0 : 1;
                Say($"[{DateTime.Now:HH:mm:ss.fff}] watching {Path.GetFileName(path)} (environment kept up; save to run again)");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            cleaning = true;
            Say("labspecs watch: removing the environment ...");
            await TestRun.EndAsync(specs).ConfigureAwait(false);
            Say("labspecs watch: done, nothing left");
        }

        return 0;
    }

    /// <summary>Runs the feature's scenarios (or those at <paramref name="line"/>); true when none failed.</summary>
    private static async Task<bool> RunOnceAsync(LabFeature feature, int? line, Assembly specs)
    {
        if (feature.ParseError is { } error)
        {
            Say($"FAILED {feature.RelativePath} does not parse:\n{error}");
            return false;
        }

        var scenarios = feature.ScenariosAt(line);
        var ok = true;
        try
        {
            foreach (var scenario in scenarios)
            {
                if (!await RunScenarioAsync(scenario, specs, retryBrokenEnvironment: true).ConfigureAwait(false)) ok = false;
            }
        }
        finally
        {
            // the environment goes back to this process's pool (reset, kept up); the next save takes it again
            await ScenarioExecutor.ReleaseFeatureAsync(feature, specs).ConfigureAwait(false);
        }

        return ok;
    }

    /// <summary>
    /// Runs one scenario, printing each step's outcome; true unless it failed. A failure before its first step (the environment
    /// could not be reset: its engine died, a host is gone) taints the environment: the hooks replace it, and the scenario runs
    /// once more on the new one.
    /// </summary>
    private static async Task<bool> RunScenarioAsync(ScenarioCase scenario, Assembly specs, bool retryBrokenEnvironment)
    {
        var clock = Stopwatch.StartNew();
        var steps = 0;
        var passed = 0;
        Say($"{scenario.Name}  ({scenario.Feature.RelativePath}:{scenario.Line})");
        _console?.Steps = scenario.Steps.Select(s => $"{s.Keyword.Trim()} {s.Text}").ToHashSet(StringComparer.Ordinal);
        try
        {
            await ScenarioExecutor.RunAsync(scenario, specs, (step, outcome, took) =>
            {
                steps++;
                if (outcome == "passed") passed++;
                Say($"  {Mark(outcome)} {step.Keyword.Trim()} {step.Text}  [{outcome}, {took.TotalSeconds:0.00} s]");
            }).ConfigureAwait(false);
            Say($"Passed {scenario.Name} [{clock.Elapsed.TotalSeconds:0.0} s]");
            return true;
        }
        catch (Exception e) when (ScenarioExecutor.SkipReason(e) is { } reason)
        {
            Say($"Skipped {scenario.Name}: {reason}");
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException && passed == scenario.Steps.Count && steps > 0)
        {
            // every step held; the environment broke afterwards (its reset failed): the hooks replace it before the next run
            Say($"Passed {scenario.Name} [{clock.Elapsed.TotalSeconds:0.0} s]; then the environment could not be reset " +
                $"({e.Message.Split('\n')[0]}): it is replaced before the next run");
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException && steps == 0 && retryBrokenEnvironment && scenario.Feature.ParseError is null
                                  && !e.Message.Contains("no environment was started", StringComparison.Ordinal))
        {
            Say($"  the environment is broken ({e.Message.Split('\n')[0]}); replacing it and running the scenario again");
            await ScenarioExecutor.ReleaseFeatureAsync(scenario.Feature, specs).ConfigureAwait(false);
            return await RunScenarioAsync(scenario, specs, retryBrokenEnvironment: false).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Say($"FAILED {scenario.Name} [{clock.Elapsed.TotalSeconds:0.0} s]\n{Indent(e.Message)}");
            return false;
        }
    }

    /// <summary>Rewrites the lab's page of reports/site from this save's messages (the run's header, then what this save added).</summary>
    private static void WriteLabPage(LabFeature feature, string messages, long header, long start, string watchReports, string reports, string features)
    {
        try
        {
            var slice = Path.Combine(watchReports, "last-save.ndjson");
            using (var from = new FileStream(messages, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var to = File.Create(slice))
            {
                Copy(from, to, 0, header);
                Copy(from, to, start, from.Length - start);
            }

            var site = Path.Combine(watchReports, "site");
            SiteGenerator.Generate(new SiteOptions([slice], features, EnvironmentFile.DefaultPath(), site));
            var slug = LabBook.Slug(feature.RelativePath);
            var labs = Path.Combine(reports, "site", "labs");
            Directory.CreateDirectory(labs);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(site, "labs"), slug + "*"))
            {
                File.Copy(file, Path.Combine(labs, Path.GetFileName(file)), overwrite: true);
            }

            Say($"  page: {Path.Combine(labs, slug + ".html")}");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or LabSpecsException)
        {
            Say($"  (the lab's page was not rewritten: {e.Message.Split('\n')[0]})");
        }
    }

    private static void Copy(Stream from, Stream to, long offset, long count)
    {
        from.Position = offset;
        var buffer = new byte[81920];
        while (count > 0 && from.Read(buffer, 0, (int)Math.Min(buffer.Length, count)) is var n and > 0)
        {
            to.Write(buffer, 0, n);
            count -= n;
        }
    }

    private static (string Path, int? Line) Target(string target)
    {
        var colon = target.LastIndexOf(':');
        var (file, line) = colon > 0 && int.TryParse(target[(colon + 1)..], out var l) ? (target[..colon], (int?)l) : (target, null);
        var path = Path.GetFullPath(file);
        return File.Exists(path) ? (path, line) : throw new LabSpecsException($"no feature file {path}");
    }

    private static async Task<string?> ReadAsync(string path)
    {
        try
        {
            return await File.ReadAllTextAsync(path).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return null; // an editor replacing the file: read it at the next poll
        }
    }

    /// <summary>This process's parent (field 4 of /proc/self/stat): it changes when the shell or pwsh that started the watch ends.</summary>
    private static string ParentId()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
    }

    private static long Length(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;

    /// <summary>
    /// Reqnroll's console trace without what the watch says better itself: its echo of each step before it runs (the watch prints
    /// the step with its outcome after) and its "-> done"/"-> Attachment" lines. The commands and their output stay.
    /// </summary>
    private sealed class StepEchoFilter(TextWriter inner) : TextWriter
    {
        private readonly System.Text.StringBuilder _line = new();
        private readonly Lock _gate = new();
        private bool _inDiagnostics;

        public HashSet<string> Steps { get; set; } = [];

        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (value != '\n')
            {
                _line.Append(value);
                return;
            }

            var line = _line.ToString().TrimEnd('\r');
            _line.Clear();
            if (line.StartsWith("-> ", StringComparison.Ordinal) || Steps.Contains(line)) return;
            if (line.StartsWith("[diagnostic] ", StringComparison.Ordinal))
            {
                // the hosts' state after a failure (docker ps, ip addr, iptables-save ...) is long: it is on the lab's page
                if (!_inDiagnostics) Say("  (diagnostics of every host after the failure: on the lab's page)");
                _inDiagnostics = true;
            }

            if (_inDiagnostics) return;
            lock (_gate)
            {
                inner.WriteLine(line);
                inner.Flush();
            }
        }

        public void Say(string line)
        {
            _inDiagnostics = false;
            lock (_gate)
            {
                inner.WriteLine(line);
                inner.Flush();
            }
        }
    }

    private static string Mark(string outcome) => outcome switch { "passed" => "✓", "failed" => "✗", "skipped" => "~", _ => "-" };

    private static string Indent(string text) => string.Join('\n', text.TrimEnd().Split('\n').Select(l => "  " + l.TrimEnd('\r')));
}
