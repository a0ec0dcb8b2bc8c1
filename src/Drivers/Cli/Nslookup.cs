using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.Cli;

/// <summary>What busybox <c>nslookup NAME</c> printed inside a container.</summary>
public static partial class Nslookup
{
    /// <summary>The addresses after the "Name:" lines (the first "Address" is the DNS server's, not an answer).</summary>
    public static IReadOnlyList<string> Answers(string output) =>
        NameAddress().Matches(output).Select(m => m.Groups[1].Value).Distinct().ToList();

    [GeneratedRegex(@"Name:\s+\S+\s*\nAddress(?: \d+)?:\s+(\d+\.\d+\.\d+\.\d+)")]
    private static partial Regex NameAddress();
}
