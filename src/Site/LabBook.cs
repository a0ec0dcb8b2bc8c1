using System.Text;
using Io.Cucumber.Messages.Types;
using LabSpecs.Core;

namespace LabSpecs.Site;

public enum Outcome { Passed, Flaky, Failed, Skipped, NotRun }

/// <summary>A chapter of the handbook, in the handbook's order.</summary>
public sealed record Chapter(int Order, string Title, string Slug);

/// <summary>One lab (feature file) as the site shows it: what the feature says, and what happened to each scenario.</summary>
public sealed record Lab(string Uri, string Title, string Description, IReadOnlyList<string> Tags, Chapter Chapter, string Slug,
    IReadOnlyList<ScenarioView> Scenarios)
{
    public int Count(Outcome o) => Scenarios.Count(s => s.Outcome == o);

    public Outcome Outcome =>
        Scenarios.Any(s => s.Outcome == Outcome.Failed) ? Outcome.Failed
        : Scenarios.All(s => s.Outcome == Outcome.NotRun) ? Outcome.NotRun
        : Scenarios.Any(s => s.Outcome == Outcome.Flaky) ? Outcome.Flaky
        : Scenarios.Any(s => s.Outcome == Outcome.Passed) ? Outcome.Passed
        : Outcome.Skipped;
}

/// <summary>A scenario (or one Examples row) with its steps; <see cref="Reason"/> says why it failed, skipped or did not run.</summary>
public sealed record ScenarioView(string Name, IReadOnlyList<string> Tags, Outcome Outcome, string? Reason, TimeSpan Duration,
    int Attempts, IReadOnlyList<StepView> Steps, IReadOnlyList<StepView> Hooks, string? Uri = null)
{
    /// <summary>The line of its Scenario (or of its Examples row) in the feature file: where a learner edits it.</summary>
    public int Line { get; init; }
}

/// <summary>A step in words, how it ended, and what it did.</summary>
public sealed record StepView(string Keyword, string Text, string? DocString, IReadOnlyList<IReadOnlyList<string>> Table,
    string Status, TimeSpan Duration, string? Message, IReadOnlyList<EvidenceView> Evidence);

public abstract record EvidenceView(bool IsDiagnostic);
public sealed record CommandView(ExecResult Result, bool Diagnostic, string? FullOutput) : EvidenceView(Diagnostic);
public sealed record WaitView(WaitOutcome Wait) : EvidenceView(false);
public sealed record LogView(string Text, bool Diagnostic) : EvidenceView(Diagnostic);

/// <summary>
/// Builds the labs from a run's messages and the feature files: features that ran take their document and pickles from
/// the messages; features (or scenarios) that did not run come from the files, marked not run and why.
/// </summary>
public static class LabBook
{
    public static readonly Chapter[] Chapters =
    [
        new(1, "Docker basics", "docker-basics"),
        new(2, "Networking", "networking"),
        new(3, "Multi-host networking", "multi-host"),
        new(4, "Swarm", "swarm"),
        new(5, "Compose", "compose"),
        new(6, "Kubernetes", "kubernetes"),
        new(7, "LabSpecs runner self-tests", "runner"),
    ];

    /// <summary>The chapter a feature belongs to, from its tags (the handbook's order decides ties).</summary>
    public static Chapter ChapterOf(IEnumerable<string> tags, string uri = "")
    {
        var t = tags.Select(x => x.TrimStart('@')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var slug = t.Contains("runner") ? "runner"
            : t.Contains("k8s") || t.Contains("kubernetes") || t.Contains("kubeadm") || uri.StartsWith("kubernetes/", StringComparison.Ordinal) ? "kubernetes"
            : t.Contains("compose") ? "compose"
            : t.Contains("swarm") ? "swarm"
            : t.Contains("docker-machine") ? "docker-basics" // two hosts, but the handbook's Docker basics chapter
            : t.Contains("multi-host") || t.Contains("two-node") ? "multi-host"
            : t.Contains("network") ? "networking"
            : "docker-basics";
        return Chapters.Single(c => c.Slug == slug);
    }

    public static IReadOnlyList<Lab> Build(RunMessages run, IReadOnlyList<(GherkinDocument Document, IReadOnlyList<Pickle> Pickles)> fromFiles)
    {
        // one pickle per place (the first run's), however many runs (reruns, shards) the messages hold
        var ranPickles = run.Pickles.Values.GroupBy(p => run.PickleKeys[p.Id]).Select(g => g.First())
            .GroupBy(p => p.Uri).ToDictionary(g => g.Key, g => g.OrderBy(p => run.PickleKeys[p.Id].Index).ToList());
        var labs = new List<Lab>();
        var uris = fromFiles.Select(f => f.Document.Uri).Concat(run.Documents.Keys).Distinct().Order(StringComparer.Ordinal);
        foreach (var uri in uris)
        {
            var file = fromFiles.FirstOrDefault(f => f.Document.Uri == uri);
            var ran = run.Documents.TryGetValue(uri, out var doc);
            var document = ran ? doc! : file.Document;
            var pickles = ran ? ranPickles.GetValueOrDefault(uri) ?? [] : file.Pickles.ToList();
            labs.Add(BuildLab(run, document, pickles, ran));
        }

        return labs.OrderBy(l => l.Chapter.Order).ThenBy(l => l.Uri, StringComparer.Ordinal).ToList();
    }

    private static Lab BuildLab(RunMessages run, GherkinDocument document, IReadOnlyList<Pickle> pickles, bool ran)
    {
        var feature = document.Feature;
        var tags = feature?.Tags.Select(t => t.Name.TrimStart('@')).ToList() ?? [];
        var steps = GherkinSteps(document);
        var attemptsOf = run.Started.Values
            .Where(s => run.TestCases.TryGetValue(s.TestCaseId, out var tc) && run.PickleKeys.ContainsKey(tc.PickleId))
            .GroupBy(s => run.PickleKeys[run.TestCases[s.TestCaseId].PickleId])
            .ToDictionary(g => g.Key, g => g.OrderBy(s => Seconds(s.Timestamp)).ThenBy(s => s.Attempt).ToList());
        var lines = Lines(document);
        var scenarios = pickles.Select(p => Scenario(run, p, steps,
            run.PickleKeys.TryGetValue(p.Id, out var key) ? attemptsOf.GetValueOrDefault(key) : null, ran)
            with { Line = p.AstNodeIds.Select(id => lines.GetValueOrDefault(id)).LastOrDefault(l => l > 0) }).ToList();
        var title = string.IsNullOrWhiteSpace(feature?.Name) ? document.Uri : feature!.Name;
        return new Lab(document.Uri, title, (feature?.Description ?? "").Trim(), tags, ChapterOf(tags, document.Uri), Slug(document.Uri), scenarios);
    }

    /// <summary>The line of every Scenario and Examples row of the document, by AST node id (a pickle's AstNodeIds).</summary>
    private static Dictionary<string, int> Lines(GherkinDocument document)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var scenarios = document.Feature?.Children.SelectMany(c => c.Rule is { } rule ? rule.Children.Select(r => r.Scenario) : [c.Scenario])
            .OfType<Io.Cucumber.Messages.Types.Scenario>() ?? [];
        foreach (var scenario in scenarios)
        {
            lines[scenario.Id] = (int)scenario.Location.Line;
            foreach (var row in scenario.Examples.SelectMany(e => e.TableBody)) lines[row.Id] = (int)row.Location.Line;
        }

        return lines;
    }

    private static ScenarioView Scenario(RunMessages run, Pickle pickle, Dictionary<string, Step> gherkin, List<TestCaseStarted>? attempts, bool featureRan)
    {
        var tags = pickle.Tags.Select(t => t.Name.TrimStart('@')).ToList();
        if (attempts is not { Count: > 0 })
        {
            var why = tags.Contains("ignore", StringComparer.OrdinalIgnoreCase) ? "ignored by the @ignore tag"
                : featureRan && !run.Complete ? "the run ended (was killed) before this scenario"
                : !run.Complete && run.Count > 0 ? "the run ended (was killed) before this lab"
                : "not in this run: filtered out, in another shard, or skipped before it started (a feature-level skip; see the test results)";
            var words = pickle.Steps.Select(s => Words(s, gherkin, "NOT_RUN", TimeSpan.Zero, null, [])).ToList();
            return new ScenarioView(pickle.Name, tags, Outcome.NotRun, why, TimeSpan.Zero, 0, words, [], pickle.Uri);
        }

        var last = attempts[^1];
        var testCase = run.TestCases[last.TestCaseId];
        // a rerun has its own pickle (its own step ids): the last attempt's steps are found in it
        pickle = run.Pickles.GetValueOrDefault(testCase.PickleId) ?? pickle;
        var results = (run.StepResults.GetValueOrDefault(last.Id) ?? []).ToDictionary(r => r.TestStepId);
        var attachments = run.Attachments.GetValueOrDefault(last.Id) ?? [];
        var pickleSteps = pickle.Steps.ToDictionary(s => s.Id);
        var stepViews = new List<StepView>();
        var hookViews = new List<StepView>();
        foreach (var ts in testCase.TestSteps)
        {
            results.TryGetValue(ts.Id, out var finished);
            var status = finished?.TestStepResult.Status.ToString() ?? (run.Finished.ContainsKey(last.Id) ? "SKIPPED" : "NOT_RUN");
            var duration = finished is null ? TimeSpan.Zero : Span(finished.TestStepResult.Duration);
            var message = finished is null ? null : MessageOf(finished.TestStepResult);
            var evidence = Evidence(attachments.Where(a => a.TestStepId == ts.Id));
            if (ts.PickleStepId is { } psid && pickleSteps.TryGetValue(psid, out var ps))
            {
                stepViews.Add(Words(ps, gherkin, status, duration, message, evidence));
            }
            else if (evidence.Count > 0 || message is not null)
            {
                var hook = ts.HookId is { } h && run.Hooks.TryGetValue(h, out var hk) ? HookName(hk) : "hook";
                hookViews.Add(new StepView("", hook, null, [], status, duration, message, evidence));
            }
        }

        var all = stepViews.Concat(hookViews).ToList();
        var failed = all.FirstOrDefault(s => s.Status is "FAILED" or "UNDEFINED" or "AMBIGUOUS" or "PENDING");
        var skipped = all.FirstOrDefault(s => s.Status == "SKIPPED" && s.Message is not null);
        var finishedAt = run.Finished.TryGetValue(last.Id, out var f) ? Seconds(f.Timestamp) : (double?)null;
        var duration2 = finishedAt is { } end ? TimeSpan.FromSeconds(end - Seconds(last.Timestamp)) : all.Aggregate(TimeSpan.Zero, (a, s) => a + s.Duration);
        var firstFailed = failed is null && attempts.Take(attempts.Count - 1).Any(a => Failed(run, a));
        Outcome outcome;
        string? reason = null;
        if (failed is not null)
        {
            outcome = Outcome.Failed;
            reason = failed.Keyword.Length > 0 ? $"{failed.Keyword} {failed.Text}" : $"{failed.Text} ({failed.Status.ToLowerInvariant()})";
        }
        else if (!run.Finished.ContainsKey(last.Id))
        {
            outcome = Outcome.Failed;
            reason = "did not finish: the run was killed during this scenario";
        }
        else if (skipped is not null || (stepViews.Count > 0 && stepViews.All(s => s.Status == "SKIPPED")))
        {
            outcome = Outcome.Skipped;
            reason = OneLine(skipped?.Message ?? "skipped");
        }
        else
        {
            outcome = firstFailed ? Outcome.Flaky : Outcome.Passed;
            if (firstFailed) reason = $"failed, then passed when run again ({attempts.Count} attempts): flaky";
        }

        return new ScenarioView(pickle.Name, tags, outcome, reason, duration2, attempts.Count, stepViews, hookViews, pickle.Uri);
    }

    /// <summary>Whether an attempt had a failing step (or did not finish).</summary>
    private static bool Failed(RunMessages run, TestCaseStarted attempt) =>
        !run.Finished.ContainsKey(attempt.Id) ||
        (run.StepResults.GetValueOrDefault(attempt.Id) ?? []).Any(r => r.TestStepResult.Status is TestStepResultStatus.FAILED
            or TestStepResultStatus.UNDEFINED or TestStepResultStatus.AMBIGUOUS or TestStepResultStatus.PENDING);

    private static StepView Words(PickleStep step, Dictionary<string, Step> gherkin, string status, TimeSpan duration, string? message,
        IReadOnlyList<EvidenceView> evidence)
    {
        var keyword = step.AstNodeIds.Select(id => gherkin.GetValueOrDefault(id)).FirstOrDefault(s => s is not null)?.Keyword.Trim() ?? "*";
        var table = step.Argument?.DataTable?.Rows.Select(r => (IReadOnlyList<string>)r.Cells.Select(c => c.Value).ToList()).ToList() ?? [];
        return new StepView(keyword, step.Text, step.Argument?.DocString?.Content, table, status, duration, message, evidence);
    }

    /// <summary>Typed attachments become commands and waits; a log line right before its typed twin is dropped (same thing twice).</summary>
    private static List<EvidenceView> Evidence(IEnumerable<Attachment> attachments)
    {
        var list = attachments.ToList();
        var files = list.Where(a => a.FileName is not null && a.MediaType == "text/plain")
            .ToDictionary(a => a.FileName, a => Decode(a), StringComparer.Ordinal);
        var views = new List<EvidenceView>();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            switch (a.MediaType)
            {
                case EvidenceJson.CommandMediaType:
                    var (result, diagnostic, full) = EvidenceJson.ReadCommand(Decode(a));
                    Replace(views, new CommandView(result, diagnostic, full is null ? null : files.GetValueOrDefault(full)));
                    break;
                case EvidenceJson.WaitMediaType:
                    Replace(views, new WaitView(EvidenceJson.ReadWait(Decode(a))));
                    break;
                case "text/x.cucumber.log+plain":
                    var text = Decode(a);
                    var diag = text.StartsWith("[diagnostic] ", StringComparison.Ordinal);
                    views.Add(new LogView(diag ? text["[diagnostic] ".Length..] : text, diag));
                    break;
            }
        }

        return views;
    }

    /// <summary>The typed item follows the log line the sink wrote for it: replace that line.</summary>
    private static void Replace(List<EvidenceView> views, EvidenceView typed)
    {
        if (views.Count > 0 && views[^1] is LogView) views[^1] = typed;
        else views.Add(typed);
    }

    private static string Decode(Attachment a) => a.ContentEncoding == AttachmentContentEncoding.BASE64
        ? Encoding.UTF8.GetString(Convert.FromBase64String(a.Body))
        : a.Body;

    private static string? MessageOf(TestStepResult r)
    {
        var m = r.Exception?.Message is { Length: > 0 } em ? em : r.Message;
        if (string.IsNullOrWhiteSpace(m)) return null;
        // the report shows what went wrong, not where in .NET: stack frames are cut
        var lines = m.Split('\n').TakeWhile(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains(" in /features", StringComparison.Ordinal));
        return string.Join('\n', lines).TrimEnd();
    }

    private static string OneLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? text;
        const string prefix = "LabSpecs.Core.CapabilityMissingException : ";
        return line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..] : line;
    }

    private static string HookName(Hook h) => h.Name is { Length: > 0 } n ? n
        : h.SourceReference?.JavaMethod?.MethodName ?? h.SourceReference?.Uri ?? "hook";

    private static Dictionary<string, Step> GherkinSteps(GherkinDocument document)
    {
        var map = new Dictionary<string, Step>(StringComparer.Ordinal);
        void Add(IEnumerable<Step>? steps) { foreach (var s in steps ?? []) map[s.Id] = s; }
        foreach (var child in document.Feature?.Children ?? [])
        {
            Add(child.Background?.Steps);
            Add(child.Scenario?.Steps);
            foreach (var rc in child.Rule?.Children ?? [])
            {
                Add(rc.Background?.Steps);
                Add(rc.Scenario?.Steps);
            }
        }

        return map;
    }

    public static string Slug(string uri) =>
        new string(Path.ChangeExtension(uri, null).Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');

    public static TimeSpan Span(Duration d) => TimeSpan.FromMilliseconds(d.Seconds * 1000.0 + d.Nanos / 1e6);

    public static double Seconds(Timestamp t) => t.Seconds + t.Nanos / 1e9;
}
