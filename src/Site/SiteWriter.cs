using System.Globalization;
using System.Text;
using LabSpecs.Core;
using LabSpecs.Environments;

namespace LabSpecs.Site;

/// <summary>What the front page says about the run(s) the site was made from.</summary>
public sealed record RunSummary(DateTimeOffset? Started, DateTimeOffset? Finished, bool Complete, IReadOnlyList<string> Problems,
    IReadOnlyList<EnvironmentFacts> Environments, string Implementation);

/// <summary>
/// Writes the site: index.html (chapters in the handbook's order, labs with their outcome, search and tag filter, the run's
/// environment facts) and labs/&lt;lab&gt;.html (the feature's words, topology, each scenario's steps with the commands they
/// ran as terminal blocks, waits, failures with diagnostics, skips with their reason). Plain files, no CDN: works from file://.
/// </summary>
public sealed class SiteWriter(string outputDirectory, IReadOnlyDictionary<string, TopologySpec> topologies, History? history = null,
    EngineMatrix? matrix = null, string? stepCatalog = null)
{
    private int _files;

    public string Write(IReadOnlyList<Lab> labs, RunSummary run)
    {
        var labsDir = Path.Combine(outputDirectory, "labs");
        if (Directory.Exists(outputDirectory)) Directory.Delete(outputDirectory, recursive: true);
        Directory.CreateDirectory(labsDir);
        Directory.CreateDirectory(Path.Combine(outputDirectory, "files"));
        foreach (var lab in labs)
        {
            File.WriteAllText(Path.Combine(labsDir, lab.Slug + ".html"), LabPage(lab, run));
        }

        var index = Path.Combine(outputDirectory, "index.html");
        File.WriteAllText(index, IndexPage(labs, run));
        if (matrix is not null) File.WriteAllText(Path.Combine(outputDirectory, EngineMatrix.PageName), matrix.Page(labs));
        StepCatalogPage.Write(outputDirectory, stepCatalog);
        return index;
    }

    private string IndexPage(IReadOnlyList<Lab> labs, RunSummary run)
    {
        var sb = new StringBuilder();
        var scenarios = labs.SelectMany(l => l.Scenarios).ToList();
        sb.Append("<h1>The Docker &amp; Kubernetes Lab Handbook, as it ran</h1>");
        sb.Append("<p class=\"lead\">").Append(RunLine(run)).Append(": ")
          .Append(string.Join(", ", Enum.GetValues<Outcome>().Select(o => (o, n: scenarios.Count(s => s.Outcome == o))).Where(x => x.n > 0)
              .Select(x => $"<span class=\"badge {Html.OutcomeClass(x.o)}\">{x.n} {Html.OutcomeWord(x.o)}</span>")))
          .Append($" of {Html.Plural(scenarios.Count, "scenario")} in {Html.Plural(labs.Count, "lab")}.</p>");
        Problems(sb, run);
        if (matrix is not null)
        {
            sb.Append($"<p class=\"lead\">Shown: <strong>{Html.Text(matrix.Engines[0].Engine)}</strong>. The labs ran on {matrix.Engines.Count} engines: ")
              .Append(string.Join(", ", matrix.Engines.Select(e => $"<a href=\"{e.Directory}/index.html\">{Html.Text(e.Engine)}</a>")))
              .Append($" — <a href=\"{EngineMatrix.PageName}\">labs × engines</a>.</p>");
        }

        Filters(sb, labs.SelectMany(l => l.Tags), "Search labs");
        foreach (var chapter in LabBook.Chapters)
        {
            var inChapter = labs.Where(l => l.Chapter == chapter).ToList();
            if (inChapter.Count == 0 && chapter.Slug == "runner") continue;
            sb.Append($"<section class=\"chapter\" data-group id=\"{chapter.Slug}\"><h2>{chapter.Order}. {Html.Text(chapter.Title)}</h2>");
            if (inChapter.Count == 0)
            {
                sb.Append("<p class=\"empty\">No lab of this chapter has a feature yet.</p></section>");
                continue;
            }

            sb.Append("<ul class=\"labs\">");
            foreach (var lab in inChapter)
            {
                var counts = string.Join(", ", Enum.GetValues<Outcome>().Where(o => lab.Count(o) > 0).Select(o => $"{lab.Count(o)} {Html.OutcomeWord(o)}"));
                var text = (lab.Title + " " + lab.Description + " " + string.Join(' ', lab.Scenarios.Select(s => s.Name))).ToLowerInvariant();
                sb.Append($"<li class=\"lab\" data-filter data-tags=\"{Html.Attr(string.Join(' ', AllTags(lab)))}\" data-text=\"{Html.Attr(text)}\">")
                  .Append(Html.Badge(lab.Outcome)).Append(' ')
                  .Append($"<a href=\"labs/{lab.Slug}.html\">{Html.Text(lab.Title)}</a><span class=\"counts\">{Html.Text(counts)}</span><br>")
                  .Append(Tags(lab.Tags)).Append("</li>");
            }

            sb.Append("</ul><p class=\"nomatch empty\" hidden>No lab of this chapter matches the filter.</p></section>");
        }

        SinceLastRun(sb, labs);
        EnvironmentFacts(sb, run);
        return Page("LabSpecs — living documentation", sb.ToString(), "");
    }

    private string LabPage(Lab lab, RunSummary run)
    {
        var sb = new StringBuilder();
        sb.Append($"<p class=\"crumbs\"><a href=\"../index.html#{lab.Chapter.Slug}\">{lab.Chapter.Order}. {Html.Text(lab.Chapter.Title)}</a> · <code>{Html.Text(lab.Uri)}</code></p>");
        sb.Append($"<h1>{Html.Text(lab.Title)} {Html.Badge(lab.Outcome)}</h1>").Append(Tags(lab.Tags));
        sb.Append(Html.Paragraphs(lab.Description));
        if (TopologyOf(lab) is { } topology)
        {
            sb.Append($"<h2>Topology: {Html.Text(topology.Name)}</h2>").Append(TopologySvg.Draw(topology));
        }

        Problems(sb, run);
        if (matrix is not null) sb.Append(matrix.LabSection(lab, "../"));
        sb.Append("<h2>Scenarios</h2>");
        Filters(sb, lab.Scenarios.SelectMany(s => s.Tags), "Search scenarios");
        sb.Append("<div data-group>");
        foreach (var (s, key) in lab.Scenarios.Zip(History.Keys(lab))) Scenario(sb, lab, s, key);
        sb.Append("<p class=\"nomatch empty\" hidden>No scenario matches the filter.</p></div>");
        return Page($"{lab.Title} — LabSpecs", sb.ToString(), "../");
    }

    private void Scenario(StringBuilder sb, Lab lab, ScenarioView s, string key)
    {
        var cls = Html.OutcomeClass(s.Outcome);
        var text = (s.Name + " " + string.Join(' ', s.Steps.Select(x => x.Text))).ToLowerInvariant();
        sb.Append($"<section class=\"scenario {cls}\" data-filter data-tags=\"{Html.Attr(string.Join(' ', s.Tags))}\" data-text=\"{Html.Attr(text)}\">");
        sb.Append($"<h3>{Html.Text(s.Name)} {Html.Badge(s.Outcome)}");
        if (s.Outcome is not Outcome.NotRun) sb.Append($"<span class=\"dur\">{Html.Seconds(s.Duration)}</span>");
        sb.Append("</h3>").Append(Tags(s.Tags.Except(lab.Tags)));
        if (s.Line > 0)
        {
            var at = $"features/{lab.Uri}:{s.Line}";
            sb.Append($"<p class=\"tryit\">Try it: change a word at <code>{Html.Text(at)}</code> and watch it run on every save: <code>dotnet pwsh ./run.ps1 watch {Html.Text(at)}</code></p>");
        }

        if (s.Reason is { } reason)
        {
            var label = s.Outcome switch { Outcome.Skipped => "Skipped: ", Outcome.NotRun => "Not run: ", Outcome.Failed => "Failed at: ", _ => "" };
            sb.Append($"<p class=\"reason {cls}\">{Html.Text(label + reason)}</p>");
        }

        Trends(sb, key);
        sb.Append("<ol class=\"steps\">");
        foreach (var step in s.Steps) Step(sb, lab, step, s.Outcome);
        sb.Append("</ol>");
        var hooks = s.Hooks.Where(h => h.Evidence.Count > 0 || h.Message is not null).ToList();
        var diagnostics = hooks.SelectMany(h => h.Evidence).Where(e => e.IsDiagnostic).ToList();
        foreach (var h in hooks)
        {
            var plain = h.Evidence.Where(e => !e.IsDiagnostic).ToList();
            if (plain.Count == 0 && (h.Message is null || h.Status == "SKIPPED")) continue; // a skip's reason is the scenario's one line
            sb.Append($"<div class=\"hook\"><span class=\"st {h.Status}\">{Mark(h.Status)}</span> <em>{Html.Text(h.Text)}</em>");
            if (h.Message is not null && h.Status != "SKIPPED") sb.Append($"<pre class=\"failure\">{Html.Text(h.Message)}</pre>");
            foreach (var e in plain) Evidence(sb, lab, e);
            sb.Append("</div>");
        }

        if (diagnostics.Count > 0)
        {
            sb.Append($"<details class=\"diag\" open><summary>Diagnostics collected after the failure ({diagnostics.Count})</summary>");
            foreach (var e in diagnostics) Evidence(sb, lab, e);
            sb.Append("</details>");
        }

        sb.Append("</section>");
    }

    private void Step(StringBuilder sb, Lab lab, StepView step, Outcome outcome)
    {
        sb.Append($"<li class=\"step {step.Status}\"><span class=\"st {step.Status}\" title=\"{step.Status.ToLowerInvariant()}\">{Mark(step.Status)}</span> ")
          .Append($"<span class=\"kw\">{Html.Text(step.Keyword)}</span>{Html.Text(step.Text)}");
        if (outcome is not Outcome.NotRun && step.Status != "SKIPPED") sb.Append($"<span class=\"dur\">{Html.Seconds(step.Duration)}</span>");
        if (step.DocString is { } doc) sb.Append($"<pre class=\"doc\">{Html.Text(doc)}</pre>");
        if (step.Table.Count > 0)
        {
            sb.Append("<table class=\"arg\">");
            foreach (var row in step.Table) sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{Html.Text(c)}</td>"))).Append("</tr>");
            sb.Append("</table>");
        }

        foreach (var e in step.Evidence) Evidence(sb, lab, e);
        // a skip's reason is already the scenario's one line; a failure shows its message under the failing step
        if (step.Message is not null && step.Status != "SKIPPED") sb.Append($"<pre class=\"failure\">{Html.Text(step.Message)}</pre>");
        sb.Append("</li>");
    }

    private void Evidence(StringBuilder sb, Lab lab, EvidenceView e)
    {
        switch (e)
        {
            case CommandView c: Command(sb, lab, c); break;
            case WaitView w: Wait(sb, w.Wait); break;
            case LogView l: sb.Append($"<div class=\"ev\"><pre class=\"log\">{Html.Text(l.Text)}</pre></div>"); break;
        }
    }

    private void Command(StringBuilder sb, Lab lab, CommandView c)
    {
        var r = c.Result;
        sb.Append("<div class=\"ev\"><div class=\"term\"><div class=\"head\">")
          .Append($"<span class=\"host\" title=\"where it ran\">{Html.Text(r.Where)}</span>")
          .Append(r.Channel.Length > 0 ? $"<span class=\"chan\" title=\"how it was run\">{Html.Text(r.Channel)}</span>" : "")
          .Append($"<span class=\"exit {(r.Succeeded ? "ok" : "bad")}\">exit code {r.ExitCode}</span>")
          .Append($"<span class=\"took\">{Html.Seconds(r.Duration)}</span>")
          .Append(r.Started > DateTimeOffset.MinValue ? $"<span class=\"at\">{r.Started.ToUniversalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} UTC</span>" : "")
          .Append("</div><pre>")
          .Append($"<span class=\"prompt\">[{Html.Text(r.Where)}]$ </span><span class=\"cmd\">{Html.Text(r.Command)}</span>\n")
          .Append(Html.Text(r.Stdout.TrimEnd('\n')));
        if (r.Stderr.Length > 0) sb.Append(r.Stdout.Length > 0 ? "\n" : "").Append($"<span class=\"stderr\">{Html.Text(r.Stderr.TrimEnd('\n'))}</span>");
        sb.Append("</pre>");
        if (c.FullOutput is { } full)
        {
            var name = $"{lab.Slug}-{++_files}.txt";
            File.WriteAllText(Path.Combine(outputDirectory, "files", name), full);
            sb.Append($"<div class=\"cut\">output cut; <a href=\"../files/{name}\">the full output ({full.Length:N0} characters)</a></div>");
        }

        sb.Append("</div></div>");
    }

    private static void Wait(StringBuilder sb, WaitOutcome w)
    {
        var how = w.Converged
            ? $"converged after {Html.Plural(w.Attempts, "attempt")} in {Html.Seconds(w.Elapsed)}"
            : $"did not converge: {Html.Plural(w.Attempts, "attempt")} in {Html.Seconds(w.Elapsed)} (timeout {Html.Seconds(w.Timeout)})";
        sb.Append($"<div class=\"ev\"><details class=\"wait{(w.Converged ? "" : " no")}\"><summary>⏱ <strong>{Html.Text(w.Description)}</strong>: {how}</summary><table>");
        foreach (var a in w.Seen) sb.Append($"<tr><td>+{Html.Seconds(a.At)}</td><td>{Html.Text(a.Value)}</td></tr>");
        if (w.Seen.Count < w.Attempts) sb.Append($"<tr><td></td><td>({w.Attempts - w.Seen.Count} attempts in between not kept)</td></tr>");
        sb.Append("</table></details></div>");
    }

    /// <summary>The last runs of a scenario as a strip of outcomes (oldest left), its duration and its waits' convergence time.</summary>
    private void Trends(StringBuilder sb, string key)
    {
        var past = (history ?? History.Empty).Of(key);
        if (past.Count == 0) return;
        sb.Append($"<div class=\"history\"><span class=\"counts\">last {Html.Plural(past.Count, "run")}:</span> <span class=\"strip\">");
        foreach (var (run, s) in past)
        {
            sb.Append($"<span class=\"cell {Html.OutcomeClass(s.Outcome)}\" title=\"{Html.Attr($"{run.Started.ToUniversalTime():yyyy-MM-dd HH:mm} UTC: {Html.OutcomeWord(s.Outcome)}, {s.Seconds:0.0} s")}\"></span>");
        }

        sb.Append("</span> <span class=\"counts\">duration</span> ").Append(Sparkline(past.Select(p => p.Scenario.Seconds).ToList(), "s"));
        if (past.Any(p => p.Scenario.WaitAttempts > 0))
        {
            sb.Append(" <span class=\"counts\">waits converged in</span> ").Append(Sparkline(past.Select(p => p.Scenario.WaitSeconds).ToList(), "s"));
        }

        sb.Append("</div>");
    }

    private static string Sparkline(IReadOnlyList<double> values, string unit)
    {
        const int w = 120, h = 22;
        var max = Math.Max(values.Max(), 1e-6);
        var step = values.Count > 1 ? (w - 4.0) / (values.Count - 1) : 0;
        var points = string.Join(' ', values.Select((v, i) => $"{(2 + i * step).ToString("0.#", CultureInfo.InvariantCulture)},{(h - 2 - v / max * (h - 4)).ToString("0.#", CultureInfo.InvariantCulture)}"));
        var label = $"{values[^1].ToString("0.00", CultureInfo.InvariantCulture)} {unit} (max {max.ToString("0.00", CultureInfo.InvariantCulture)} {unit})";
        return $"<svg class=\"spark\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{label}\"><polyline points=\"{points}\"/></svg><span class=\"counts\">{label}</span>";
    }

    private void SinceLastRun(StringBuilder sb, IReadOnlyList<Lab> labs)
    {
        var h = history ?? History.Empty;
        if (h.Runs.Count == 0) return;
        sb.Append($"<h2 id=\"history\">Since the last run</h2>");
        if (h.Runs.Count < 2)
        {
            sb.Append("<p class=\"empty\">This is the first run in the history.</p>");
            return;
        }

        var (newFailures, fixedOnes) = h.SinceLastRun();
        var slugs = labs.ToDictionary(l => l.Uri, l => l.Slug);
        string Item(ScenarioRecord s) =>
            $"<li><a href=\"labs/{(slugs.TryGetValue(s.Uri, out var slug) ? slug : "")}.html\">{Html.Text(s.Name)}</a> <span class=\"counts\">{Html.Text(s.Uri)}</span></li>";
        sb.Append($"<p>Compared with the run of {h.Runs[^2].Started.ToUniversalTime():yyyy-MM-dd HH:mm} UTC ({Html.Plural(h.Runs.Count, "run")} in the history).</p>");
        sb.Append($"<h3>New failures ({newFailures.Count})</h3>").Append(newFailures.Count == 0 ? "<p class=\"empty\">none</p>" : "<ul>" + string.Concat(newFailures.Select(Item)) + "</ul>");
        sb.Append($"<h3>Fixed ({fixedOnes.Count})</h3>").Append(fixedOnes.Count == 0 ? "<p class=\"empty\">none</p>" : "<ul>" + string.Concat(fixedOnes.Select(Item)) + "</ul>");
    }

    private static void Problems(StringBuilder sb, RunSummary run)
    {
        if (run.Complete && run.Problems.Count == 0) return;
        sb.Append("<p class=\"warn\">");
        if (!run.Complete) sb.Append("This run did not finish (it was killed or is still running): the site shows what ran up to its last message. ");
        foreach (var p in run.Problems) sb.Append(Html.Text(p)).Append(' ');
        sb.Append("</p>");
    }

    private static void EnvironmentFacts(StringBuilder sb, RunSummary run)
    {
        sb.Append("<h2 id=\"environment\">Environment of this run</h2>");
        if (run.Environments.Count == 0)
        {
            sb.Append("<p class=\"empty\">No lab environment was used (no lab that needs hosts ran).</p>");
        }
        else
        {
            sb.Append("<table class=\"facts\"><tr><th>environment</th><th>provider</th><th>kernel</th><th>hosts (docker version)</th><th>capabilities missing</th></tr>");
            foreach (var f in run.Environments.DistinctBy(f => f.Id))
            {
                sb.Append($"<tr><td>{Html.Text(f.Topology)}<br><code>{Html.Text(f.Id)}</code> {Html.Text(f.Subnet)}</td><td>{Html.Text(f.Provider)}</td><td>{Html.Text(f.Kernel)}</td><td>")
                  .Append(string.Join("<br>", f.Hosts.Select(h => $"{Html.Text(h.Name)} <code>{Html.Text(h.Address)}</code> docker {Html.Text(h.DockerVersion)}")))
                  .Append("</td><td>")
                  .Append(f.MissingCapabilities.Count == 0 ? "none" : string.Join("<br>", f.MissingCapabilities.OrderBy(kv => kv.Key).Select(kv => $"<strong>{Html.Text(kv.Key)}</strong>: {Html.Text(kv.Value)}")))
                  .Append("</td></tr>");
            }

            sb.Append("</table>");
        }

        sb.Append($"<p class=\"counts\">Made by {Html.Text(run.Implementation)}.</p>");
    }

    private static string RunLine(RunSummary run) =>
        run.Started is { } s
            ? $"Run of {s.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC" +
              (run.Finished is { } f ? $" ({Html.Seconds(f - s)})" : " (did not finish)")
            : "No run yet (documentation from the feature files only)";

    private static void Filters(StringBuilder sb, IEnumerable<string> tags, string placeholder)
    {
        sb.Append($"<div class=\"filters\"><input id=\"q\" type=\"search\" placeholder=\"{Html.Attr(placeholder)}\" aria-label=\"{Html.Attr(placeholder)}\"> ")
          .Append("<span class=\"counts\"><span id=\"shown\"></span> shown; click a tag to filter</span><div class=\"tags\">")
          .Append(string.Concat(tags.Distinct().Order(StringComparer.Ordinal).Select(t => $"<button class=\"tag\" data-tag=\"{Html.Attr(t)}\">@{Html.Text(t)}</button>")))
          .Append("</div></div>");
    }

    private static string Tags(IEnumerable<string> tags) =>
        string.Concat(tags.Select(t => $"<button class=\"tag\" data-tag=\"{Html.Attr(t)}\">@{Html.Text(t)}</button>"));

    private static IEnumerable<string> AllTags(Lab lab) => lab.Tags.Concat(lab.Scenarios.SelectMany(s => s.Tags)).Distinct();

    private static string Mark(string status) => status switch
    {
        "PASSED" => "✓",
        "FAILED" or "UNDEFINED" or "AMBIGUOUS" or "PENDING" => "✗",
        "SKIPPED" => "–",
        _ => "○",
    };

    private TopologySpec? TopologyOf(Lab lab) => TopologyTags.Find(topologies, lab.Tags);

    internal static string Page(string title, string body, string root) =>
        $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Html.Text(title)}</title><style>{Html.Css}</style></head>
        <body><header class="top"><a href="{root}index.html">LabSpecs</a><span class="sub">the Docker &amp; Kubernetes Lab Handbook as executable labs</span> <a class="sub" href="{root}{StepCatalogPage.FileName}">step catalog</a></header>
        <main>{body}</main><script>{Html.Script}</script></body></html>
        """;
}
