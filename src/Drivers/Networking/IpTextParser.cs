using System.Net;
using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.Networking;

/// <summary>
/// Parses the text of <c>ip addr</c> as both iproute2 and busybox print it: containers built from busybox have no <c>ip -j</c>,
/// and the handbook shows this text form (<c>docker exec test1 ip a</c>).
/// </summary>
public static partial class IpTextParser
{
    [GeneratedRegex(@"^(?<idx>\d+):\s+(?<name>[^:@\s]+)(@(?<peer>[^:\s]+))?:\s+<(?<flags>[^>]*)>(?<rest>.*)$")]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^\s+(?<fam>inet6?)\s+(?<addr>[0-9a-fA-F:.]+)/(?<len>\d+)(.*?\sscope\s+(?<scope>\S+))?")]
    private static partial Regex AddressLine();

    [GeneratedRegex(@"^\s+link/\S+\s+(?<mac>[0-9a-f:]{17})")]
    private static partial Regex LinkLine();

    public static IReadOnlyList<NetworkInterface> ParseAddr(string text)
    {
        var result = new List<NetworkInterface>();
        NetworkInterface? current = null;
        var addresses = new List<InterfaceAddress>();
        foreach (var line in text.Replace("\r", "").Split('\n'))
        {
            var header = HeaderLine().Match(line);
            if (header.Success)
            {
                Flush();
                var rest = header.Groups["rest"].Value;
                var peer = header.Groups["peer"].Value;
                current = new NetworkInterface(
                    int.Parse(header.Groups["idx"].Value), header.Groups["name"].Value,
                    Word(rest, "state") ?? "UNKNOWN", int.TryParse(Word(rest, "mtu"), out var mtu) ? mtu : 0,
                    Word(rest, "master"), null, header.Groups["flags"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries), [],
                    PeerIndex: peer.StartsWith("if", StringComparison.Ordinal) && int.TryParse(peer[2..], out var p) ? p : null);
                continue;
            }

            if (current is null) continue;
            var link = LinkLine().Match(line);
            if (link.Success) current = current with { MacAddress = link.Groups["mac"].Value };
            var addr = AddressLine().Match(line);
            if (addr.Success)
            {
                addresses.Add(new InterfaceAddress(addr.Groups["fam"].Value, IPAddress.Parse(addr.Groups["addr"].Value),
                    int.Parse(addr.Groups["len"].Value), addr.Groups["scope"].Success ? addr.Groups["scope"].Value : null));
            }
        }

        Flush();
        return result;

        void Flush()
        {
            if (current is not null) result.Add(current with { Addresses = addresses.ToList() });
            addresses.Clear();
        }
    }

    /// <summary>Routes from the text of <c>ip route</c> (iproute2 or busybox).</summary>
    public static IReadOnlyList<Route> ParseRoutes(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                var dst = line.Split(' ')[0];
                return new Route(dst, Word(line, "via"), Word(line, "dev"), Word(line, "proto"), Word(line, "scope"),
                    Word(line, "src"), int.TryParse(Word(line, "metric"), out var m) ? m : null);
            })
            .ToList();

    /// <summary>Namespaces from <c>ip netns list</c> (<c>x-drv (id: 0)</c>).</summary>
    public static IReadOnlyList<NetworkNamespace> ParseNetnsList(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                var name = line.Split(' ')[0];
                var id = Word(line.Replace("(", "").Replace(")", "").Replace("id:", "id"), "id");
                return new NetworkNamespace(name, int.TryParse(id, out var i) ? i : null);
            })
            .ToList();

    /// <summary>The word after <paramref name="key"/> in a space-separated line (<c>dev docker0</c> → <c>docker0</c>).</summary>
    internal static string? Word(string line, string key)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var i = Array.IndexOf(words, key);
        return i >= 0 && i + 1 < words.Length ? words[i + 1] : null;
    }
}
