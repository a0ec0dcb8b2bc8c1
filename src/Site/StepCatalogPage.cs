using System.Text;
using System.Text.RegularExpressions;

namespace LabSpecs.Site;

/// <summary>
/// steps.html: the step catalog (docs/step-catalog.md, generated from the bindings and kept true by a test) as a searchable
/// page, grouped as in the catalog, each phrase with its example from the features. A learner looks up the words a step
/// may use there, offline, with the same search box as the labs.
/// </summary>
public static partial class StepCatalogPage
{
    public const string FileName = "steps.html";

    /// <summary>One phrase of the catalog: its group, keyword(s), words, the tag it is scoped to, and an example.</summary>
    public sealed record Row(string Group, string Keywords, string Phrase, string? Scope, string? Example);

    /// <summary>The rows of a step-catalog.md, in its order.</summary>
    public static IReadOnlyList<Row> Read(string markdownPath)
    {
        var rows = new List<Row>();
        var group = "";
        foreach (var line in File.ReadLines(markdownPath))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal)) group = line[3..].Trim();
            else if (RowLine().Match(line) is { Success: true } m)
            {
                rows.Add(new Row(group, m.Groups["kw"].Value, Unescape(m.Groups["phrase"].Value),
                    m.Groups["scope"].Success ? m.Groups["scope"].Value : null,
                    m.Groups["example"].Success ? Unescape(m.Groups["example"].Value) : null));
            }
        }

        return rows;
    }

    /// <summary>Writes steps.html into <paramref name="outputDirectory"/> when the catalog exists; returns its path or null.</summary>
    public static string? Write(string outputDirectory, string? markdownPath)
    {
        if (markdownPath is null || !File.Exists(markdownPath)) return null;
        var rows = Read(markdownPath);
        var sb = new StringBuilder("<h1>Step catalog</h1>");
        sb.Append("<p class=\"lead\">Every step a feature may use, with an example from the features. <code>{string}</code> is text in double ")
          .Append("quotes, <code>{int}</code> a whole number, <code>{word}</code> one word; <code>(s)</code> an optional letter. A step with other ")
          .Append("words fails before anything runs, naming the closest phrases of this page.</p>");
        sb.Append($"<div class=\"filters\"><input id=\"q\" type=\"search\" placeholder=\"Search steps\" aria-label=\"Search steps\"> ")
          .Append("<span class=\"counts\"><span id=\"shown\"></span> shown</span></div>");
        foreach (var g in rows.GroupBy(r => r.Group))
        {
            sb.Append($"<section class=\"chapter\" data-group><h2>{Html.Text(g.Key)}</h2><table class=\"catalog\"><tr><th>Keyword</th><th>Step</th><th>Example</th></tr>");
            foreach (var r in g)
            {
                var text = $"{r.Keywords} {r.Phrase} {r.Example} {r.Scope} {g.Key}".ToLowerInvariant();
                sb.Append($"<tr data-filter data-tags=\"\" data-text=\"{Html.Attr(text)}\"><td>{Html.Text(r.Keywords)}</td>")
                  .Append($"<td><code>{Html.Text(r.Phrase)}</code>{(r.Scope is null ? "" : $" <span class=\"counts\">in @{Html.Text(r.Scope)} features</span>")}</td>")
                  .Append($"<td>{(r.Example is null ? "<span class=\"counts\">not used by a feature yet</span>" : $"<code>{Html.Text(r.Example)}</code>")}</td></tr>");
            }

            sb.Append("</table><p class=\"nomatch empty\" hidden>No step of this group matches.</p></section>");
        }

        var path = Path.Combine(outputDirectory, FileName);
        File.WriteAllText(path, SiteWriter.Page("Step catalog — LabSpecs", sb.ToString(), ""));
        return path;
    }

    private static string Unescape(string cell) => cell.Replace("\\|", "|", StringComparison.Ordinal);

    [GeneratedRegex(@"^\| (?<kw>[A-Za-z/]+) \| `(?<phrase>[^`]+)`(?: \(in `@(?<scope>[a-z0-9-]+)` features\))? \| (?:`(?<example>[^`]+)`|_\(not used by a feature yet\)_) \|")]
    private static partial Regex RowLine();
}
