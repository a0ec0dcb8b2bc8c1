using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.Cli;

/// <summary>One row of a docker CLI table, by column header (<c>NAME</c>, <c>IMAGE ID</c>, ...).</summary>
public sealed record TableRow(IReadOnlyDictionary<string, string> Cells)
{
    public string this[string column] => Cells.TryGetValue(column, out var v) ? v : "";

    public override string ToString() => string.Join("  ", Cells.Values);
}

/// <summary>
/// Parses the tables the docker CLI prints (<c>docker images</c>, <c>docker network ls</c>, <c>docker ps</c>): columns start where
/// the header's column names start, so cells with single spaces ("2 minutes ago") stay whole.
/// </summary>
public static partial class CliTable
{
    [GeneratedRegex(@"\S+(?: \S+)*")]
    private static partial Regex HeaderCell();

    public static IReadOnlyList<TableRow> Parse(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0) return [];
        var columns = HeaderCell().Matches(lines[0]).Select(m => (Name: m.Value, Start: m.Index)).ToList();
        return lines.Skip(1).Select(line =>
        {
            var cells = new Dictionary<string, string>();
            for (var c = 0; c < columns.Count; c++)
            {
                var start = Math.Min(columns[c].Start, line.Length);
                var end = c + 1 < columns.Count ? Math.Min(columns[c + 1].Start, line.Length) : line.Length;
                cells[columns[c].Name] = line[start..end].Trim();
            }

            return new TableRow(cells);
        }).ToList();
    }
}
