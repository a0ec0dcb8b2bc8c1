using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.MultiHost;

/// <summary>One interface from <c>ip addr</c> (iproute2 or busybox): name, MTU and IPv4 addresses with prefix.</summary>
public sealed record InterfaceFacts(string Name, int Mtu, IReadOnlyList<string> IPv4);

public static partial class InterfaceListing
{
    /// <summary>Parses <c>ip addr</c> output; "eth0@if54" is reported as "eth0".</summary>
    public static IReadOnlyList<InterfaceFacts> Parse(string ipAddrOutput)
    {
        var result = new List<InterfaceFacts>();
        string? name = null;
        var mtu = 0;
        var addrs = new List<string>();
        foreach (var line in ipAddrOutput.Replace("\r", "").Split('\n'))
        {
            var head = Header().Match(line);
            if (head.Success)
            {
                if (name is not null) result.Add(new InterfaceFacts(name, mtu, addrs));
                name = head.Groups["name"].Value;
                mtu = int.Parse(head.Groups["mtu"].Value, System.Globalization.CultureInfo.InvariantCulture);
                addrs = [];
                continue;
            }

            var inet = Inet().Match(line);
            if (inet.Success && name is not null) addrs.Add(inet.Groups["addr"].Value);
        }

        if (name is not null) result.Add(new InterfaceFacts(name, mtu, addrs));
        return result;
    }

    [GeneratedRegex(@"^\d+:\s+(?<name>[^:@\s]+)(?:@[^:\s]+)?:\s+<[^>]*>\s+mtu\s+(?<mtu>\d+)")]
    private static partial Regex Header();

    [GeneratedRegex(@"^\s+inet\s+(?<addr>\d+\.\d+\.\d+\.\d+/\d+)")]
    private static partial Regex Inet();
}
