using System.Net;
using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.DockerCommands;

/// <summary>What busybox <c>nslookup NAME</c> (or <c>getent hosts NAME</c>) printed inside a container.</summary>
public static partial class Nslookup
{
    /// <summary>The addresses after the "Name:" lines (the first "Address" is the DNS server's, not an answer).</summary>
    public static IReadOnlyList<string> Answers(string output) =>
        NameAddress().Matches(output).Select(m => m.Groups[1].Value).Distinct().ToList();

    /// <summary>
    /// The IPv4 addresses <paramref name="name"/> resolved to: <c>getent hosts</c> lines ("172.18.0.2   db") that name it,
    /// else the nslookup answers. Never the resolver's own "Server:/Address:" lines.
    /// </summary>
    public static IReadOnlyList<string> Addresses(string output, string name)
    {
        var getent = output.Replace("\r", "").Split('\n')
            .Select(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length >= 2 && IPAddress.TryParse(w[0], out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork &&
                        w.Skip(1).Any(n => n == name || n.StartsWith(name + ".", StringComparison.Ordinal)))
            .Select(w => w[0]).Distinct().ToList();
        return getent.Count > 0 ? getent : Answers(output);
    }

    [GeneratedRegex(@"Name:\s+\S+\s*\nAddress(?: \d+)?:\s+(\d+\.\d+\.\d+\.\d+)")]
    private static partial Regex NameAddress();
}
