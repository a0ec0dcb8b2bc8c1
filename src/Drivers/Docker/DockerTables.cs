using LabSpecs.Core;
using System.Text;

namespace LabSpecs.Drivers.Docker;

/// <summary>Renders results the way the docker CLI prints them (<c>docker ps</c>, <c>docker images</c>, …) for the report.</summary>
public static class DockerTables
{
    public static string Ps(IEnumerable<ContainerSummary> rows) => Table(
        ["CONTAINER ID", "IMAGE", "COMMAND", "STATUS", "PORTS", "NAMES"],
        rows.Select(c => new[]
        {
            DockerIds.Short(c.Id), c.Image, Quote(Truncate(c.Command, 20)), c.Status, string.Join(", ", c.Ports.Select(p => p.ToString())), c.Name,
        }));

    public static string Images(IEnumerable<ImageSummary> rows) => Table(
        ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"],
        rows.Select(i => new[] { i.Repository, i.Tag, i.ShortId, i.Created.ToString("yyyy-MM-dd HH:mm:ss"), Size(i.Size) }));

    public static string Networks(IEnumerable<NetworkSummary> rows) => Table(
        ["NETWORK ID", "NAME", "DRIVER", "SCOPE"], rows.Select(n => new[] { DockerIds.Short(n.Id), n.Name, n.Driver, n.Scope }));

    /// <summary>Columns padded to the widest cell and separated by three spaces, like the docker CLI.</summary>
    public static string Table(string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in all)
        {
            sb.AppendLine(string.Join("   ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        return sb.ToString();
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1_000_000_000 => $"{bytes / 1e9:0.##}GB",
        >= 1_000_000 => $"{bytes / 1e6:0.##}MB",
        >= 1_000 => $"{bytes / 1e3:0.##}kB",
        _ => $"{bytes}B",
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Quote(string text) => "\"" + text + "\"";
}
