using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.DockerCommands;

/// <summary>What <c>docker ps</c> printed: the table (<c>docker ps</c>, <c>docker ps -a</c>) or the bare IDs (<c>docker ps -q</c>).</summary>
public static partial class DockerPs
{
    /// <summary>The container names of the table's NAMES column (a container with several names counts each).</summary>
    public static IReadOnlyList<string> Names(string table) =>
        CliTable.Parse(table).SelectMany(r => r["NAMES"].Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();

    /// <summary>The container IDs shown, in the table's first column or one per line with <c>-q</c>.</summary>
    public static IReadOnlyList<string> Ids(string output) =>
        output.Split([' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries).Where(w => Id().IsMatch(w)).ToList();

    [GeneratedRegex("^[0-9a-f]{12,64}$")]
    private static partial Regex Id();
}
