using System.Text;
using Io.Cucumber.Messages.Types;
using LabSpecs.Core;

namespace LabSpecs.Site;

/// <summary>The labs as they ran on one Docker engine: its name (the engines' server versions) and its own sub-site.</summary>
public sealed record EngineRun(string Engine, string Slug, IReadOnlyList<string> MessageFiles, IReadOnlyList<Lab> Labs)
{
    public Lab? Lab(string uri) => Labs.FirstOrDefault(l => l.Uri == uri);

    /// <summary>Where this engine's site is, relative to the top-level site.</summary>
    public string Directory => $"engines/{Slug}";
}

/// <summary>
/// The same labs run on several Docker engines (<c>run.ps1 matrix -Engines 20.10,26,latest</c>, or shards of different
/// engines joined by <c>report -Merge</c>): the message files are told apart by the engine their environment facts name (every
/// run records each host's <c>docker version</c>), each engine's labs are built on their own (a scenario on two engines is two
/// results, not a rerun), and the site gets a lab × engine page and, on each lab page, per engine, where what the engine printed
/// differs from the handbook's transcript (the notes Then steps record as <see cref="HandbookDifference"/>).
/// </summary>
public sealed class EngineMatrix(IReadOnlyList<EngineRun> engines)
{
    public IReadOnlyList<EngineRun> Engines => engines;

    public const string PageName = "matrix.html";

    /// <summary>
    /// The engines of these message files, in the order first seen; null when they hold fewer than two (no matrix). A file that
    /// names no engine (only labs without hosts ran) joins the first engine's.
    /// </summary>
    public static EngineMatrix? Split(IReadOnlyList<string> files, IReadOnlyList<(GherkinDocument Document, IReadOnlyList<Pickle> Pickles)> fromFiles)
    {
        var byFile = files.Select(f => (File: f, Engine: EngineOf(RunMessages.Read([f])))).ToList();
        var names = byFile.Select(x => x.Engine).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (names.Count < 2) return null;
        var runs = names.Select(name =>
        {
            var mine = byFile.Where(x => x.Engine == name || (x.Engine is null && name == names[0])).Select(x => x.File).ToList();
            return new EngineRun(name, Slug(name), mine, LabBook.Build(RunMessages.Read(mine), fromFiles));
        }).ToList();
        return new EngineMatrix(runs);
    }

    /// <summary>
    /// The engine a run used: the distinct Docker server versions its environments' hosts answered with ("Docker 20.10.24",
    /// "Docker 26.1.5"; Debian's "+dfsg1" left out), or null when no environment was recorded.
    /// </summary>
    public static string? EngineOf(RunMessages run)
    {
        var versions = run.Attachments.Values.SelectMany(a => a).Where(a => a.MediaType == EvidenceJson.EnvironmentMediaType)
            .SelectMany(a => EvidenceJson.ReadEnvironment(a.Body).Hosts.Select(h => h.DockerVersion.Split('+')[0].Trim()))
            .Where(v => v.Length > 0 && v != "?" && !v.StartsWith('(')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return versions.Count == 0 ? null : "Docker " + string.Join(" + ", versions);
    }

    public static string Slug(string engine) =>
        new string(engine.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '.' ? c : '-').ToArray()).Trim('-');

    /// <summary>
    /// The notes a lab's Then steps recorded where the engine printed something other than the handbook's transcript while the
    /// check still held: (scenario, step, note).
    /// </summary>
    public static IReadOnlyList<(string Scenario, string Step, string Note)> Differences(Lab lab) =>
        lab.Scenarios.SelectMany(s => s.Steps.SelectMany(step => step.Evidence.OfType<LogView>()
                .Where(l => l.Text.StartsWith(HandbookDifference.Title + "\n", StringComparison.Ordinal))
                .Select(l => (s.Name, step.Keyword + step.Text, l.Text[(HandbookDifference.Title.Length + 1)..].Trim()))))
            .Distinct().ToList();

    /// <summary>The lab × engine page: per lab and engine the outcomes; per scenario on a click, with skip and failure reasons.</summary>
    public string Page(IReadOnlyList<Lab> labs)
    {
        var sb = new StringBuilder();
        sb.Append("<h1>Labs × engines</h1><p class=\"lead\">The same labs on ")
          .Append(string.Join(", ", engines.Select(e => $"<a href=\"{e.Directory}/index.html\"><strong>{Html.Text(e.Engine)}</strong></a>")))
          .Append(". Click a cell for its scenarios; a skip says why (the engine and the change), a difference from the handbook's transcript is listed under the lab.</p>");
        sb.Append("<table class=\"facts matrix\"><tr><th>lab</th>").Append(string.Concat(engines.Select(e => $"<th>{Html.Text(e.Engine)}</th>"))).Append("</tr>");
        foreach (var lab in labs.Where(l => engines.Any(e => e.Lab(l.Uri) is { } x && x.Outcome != Outcome.NotRun)))
        {
            sb.Append($"<tr><td><a href=\"labs/{lab.Slug}.html\">{Html.Text(lab.Title)}</a><br><code>{Html.Text(lab.Uri)}</code></td>");
            foreach (var engine in engines)
            {
                sb.Append("<td>");
                if (engine.Lab(lab.Uri) is { } ran) Cell(sb, engine, ran);
                sb.Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</table>");
        return SiteWriter.Page("Labs × engines — LabSpecs", sb.ToString(), "");
    }

    private static void Cell(StringBuilder sb, EngineRun engine, Lab lab)
    {
        var counts = string.Join(", ", Enum.GetValues<Outcome>().Where(o => lab.Count(o) > 0).Select(o => $"{lab.Count(o)} {Html.OutcomeWord(o)}"));
        sb.Append($"<details><summary>{Html.Badge(lab.Outcome)} <span class=\"counts\">{Html.Text(counts)}</span></summary><ul>");
        foreach (var s in lab.Scenarios)
        {
            sb.Append($"<li>{Html.Badge(s.Outcome)} <a href=\"{engine.Directory}/labs/{lab.Slug}.html\">{Html.Text(s.Name)}</a>");
            if (s.Reason is { } reason && s.Outcome is Outcome.Skipped or Outcome.Failed) sb.Append($"<br><span class=\"reason\">{Html.Text(reason)}</span>");
            sb.Append("</li>");
        }

        sb.Append("</ul></details>");
    }

    /// <summary>The lab page's section: on each engine, how the lab went and where the engine printed other than the handbook.</summary>
    public string LabSection(Lab lab, string root)
    {
        var sb = new StringBuilder("<h2 id=\"engines\">On each engine</h2><table class=\"facts\"><tr><th>engine</th><th>scenarios</th><th>where the engine printed other than the handbook (the check still held)</th></tr>");
        foreach (var engine in engines)
        {
            if (engine.Lab(lab.Uri) is not { } ran) continue;
            var counts = string.Join(", ", Enum.GetValues<Outcome>().Where(o => ran.Count(o) > 0).Select(o => $"{ran.Count(o)} {Html.OutcomeWord(o)}"));
            var differences = Differences(ran);
            sb.Append($"<tr><td><a href=\"{root}{engine.Directory}/labs/{ran.Slug}.html\">{Html.Text(engine.Engine)}</a></td><td>{Html.Badge(ran.Outcome)} {Html.Text(counts)}</td><td>")
              .Append(differences.Count == 0 ? "<span class=\"empty\">nothing the steps noted</span>"
                  : "<ul>" + string.Concat(differences.Select(d => $"<li>{Html.Text(d.Note)} <span class=\"counts\">({Html.Text(d.Scenario)} › {Html.Text(d.Step)})</span></li>")) + "</ul>")
              .Append("</td></tr>");
        }

        return sb.Append("</table>").ToString();
    }
}
