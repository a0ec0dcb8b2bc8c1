using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.DockerCommands;

/// <summary>One row of a CLI table, by column title (<c>NAME</c>, <c>IMAGE ID</c>, ...); a column the table lacks reads as "".</summary>
public sealed record TableRow(IReadOnlyDictionary<string, string> Cells)
{
    public string this[string column] => Cells.TryGetValue(column, out var v) ? v : "";

    public bool TryGetValue(string column, out string value) => Cells.TryGetValue(column, out value!);

    public override string ToString() => string.Join("  ", Cells.Values);
}

/// <summary>
/// Parses the tables the docker CLI and kubectl print (<c>docker images</c>, <c>docker ps</c>, <c>docker network ls</c>,
/// <c>docker node ls</c>, <c>docker service ps</c>, <c>kubectl get</c>): left-aligned columns that start where the header's
/// titles start. A title may hold single spaces ("IMAGE ID", "MANAGER STATUS"); columns are padded at least three spaces
/// apart, so a run of two or more spaces ends a title. Cells with single spaces ("2 minutes ago") stay whole.
/// </summary>
public static partial class CliTable
{
    [GeneratedRegex(@"[^ ]+(?: [^ ]+)*")]
    private static partial Regex HeaderTitle();

    public static IReadOnlyList<TableRow> Parse(string text)
    {
        var lines = text.Replace("\r", "").Split('\n').Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0) return [];
        var columns = HeaderTitle().Matches(lines[0]).Select(m => (Name: m.Value, Start: m.Index)).ToList();
        return lines.Skip(1).Select(line =>
        {
            var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
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
