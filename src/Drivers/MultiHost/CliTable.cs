namespace LabSpecs.Drivers.MultiHost;

/// <summary>
/// A table as the docker CLI prints it (<c>docker node ls</c>, <c>docker service ps</c>, <c>docker network ls</c>):
/// left-aligned columns whose starts are those of the header's titles. Titles may hold one space ("MANAGER STATUS");
/// columns are at least three spaces apart, so a run of two or more spaces ends a title.
/// </summary>
public sealed class CliTable
{
    private CliTable(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    public static CliTable Parse(string text)
    {
        var lines = text.Replace("\r", "").Split('\n').Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0) return new CliTable([], []);
        var header = lines[0];
        var starts = new List<int>();
        var titles = new List<string>();
        for (var i = 0; i < header.Length;)
        {
            if (header[i] == ' ') { i++; continue; }
            var start = i;
            while (i < header.Length && !(header[i] == ' ' && (i + 1 >= header.Length || header[i + 1] == ' '))) i++;
            starts.Add(start);
            titles.Add(header[start..i]);
        }

        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < starts.Count; c++)
            {
                var from = Math.Min(starts[c], line.Length);
                var to = c + 1 < starts.Count ? Math.Min(starts[c + 1], line.Length) : line.Length;
                row[titles[c]] = line[from..to].Trim();
            }

            rows.Add(row);
        }

        return new CliTable(titles, rows);
    }

    /// <summary>The table laid out again, for assertion messages.</summary>
    public override string ToString() =>
        string.Join('\n', new[] { string.Join(" | ", Columns) }.Concat(Rows.Select(r => string.Join(" | ", Columns.Select(c => r[c])))));
}
