using System.Text.Json;

namespace LabSpecs.Drivers.Networking;

/// <summary>A port of a Linux bridge, from <c>bridge -j link</c> (<c>veth3eaa3d9@if6 ... master br-53567cb72201 state forwarding</c>).</summary>
public sealed record BridgePort(string Interface, string Bridge, string State, int? PeerIndex);

/// <summary>A bridge and its interfaces, from <c>brctl show</c>.</summary>
public sealed record BridgeInfo(string Name, string Id, bool StpEnabled, IReadOnlyList<string> Interfaces);

public static class BridgeParser
{
    public static IReadOnlyList<BridgePort> ParseBridgeLinkJson(string json)
    {
        using var doc = IpJsonParser.Parse(json, "bridge -j link");
        return doc.RootElement.EnumerateArray().Select(e =>
        {
            var link = IpJsonParser.Str(e, "link");
            return new BridgePort(
                IpJsonParser.Str(e, "ifname")!, IpJsonParser.Str(e, "master") ?? "", IpJsonParser.Str(e, "state") ?? "",
                link is not null && link.StartsWith("if", StringComparison.Ordinal) && int.TryParse(link[2..], out var p) ? p : null);
        }).ToList();
    }

    /// <summary>
    /// Parses <c>brctl show</c>: a bridge line has four tab-separated columns (the last the first interface); continuation
    /// lines hold one more interface. A bridge without interfaces has only three columns.
    /// </summary>
    public static IReadOnlyList<BridgeInfo> ParseBrctlShow(string text)
    {
        var bridges = new List<BridgeInfo>();
        foreach (var raw in text.Split('\n').Skip(1))
        {
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var cols = raw.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            var isContinuation = char.IsWhiteSpace(raw[0]);
            if (isContinuation && bridges.Count > 0)
            {
                var last = bridges[^1];
                bridges[^1] = last with { Interfaces = [.. last.Interfaces, cols[0]] };
            }
            else if (cols.Length >= 3)
            {
                bridges.Add(new BridgeInfo(cols[0], cols[1], cols[2] == "yes", cols.Length > 3 ? [cols[3]] : []));
            }
        }

        return bridges;
    }
}
