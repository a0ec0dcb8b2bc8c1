using System.Net;
using System.Text.Json;

namespace LabSpecs.Drivers.Networking;

/// <summary>Parses the JSON of iproute2 (<c>ip -j addr</c>, <c>ip -j link</c>, <c>ip -d -j link</c>, <c>ip -j route</c>).</summary>
public static class IpJsonParser
{
    /// <summary>Interfaces from <c>ip -j addr</c>, <c>ip -j link</c> or <c>ip -d -j link</c> (the latter adds <see cref="NetworkInterface.Kind"/>).</summary>
    public static IReadOnlyList<NetworkInterface> ParseInterfaces(string json)
    {
        using var doc = Parse(json, "ip -j addr/link");
        return doc.RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("ifname", out _))
            .Select(ParseInterface)
            .ToList();
    }

    public static IReadOnlyList<Route> ParseRoutes(string json)
    {
        using var doc = Parse(json, "ip -j route");
        return doc.RootElement.EnumerateArray().Select(e => new Route(
            Str(e, "dst") ?? "default", Str(e, "gateway"), Str(e, "dev"), Str(e, "protocol"), Str(e, "scope"),
            Str(e, "prefsrc"), Int(e, "metric"))).ToList();
    }

    private static NetworkInterface ParseInterface(JsonElement e)
    {
        var addresses = e.TryGetProperty("addr_info", out var info)
            ? info.EnumerateArray()
                .Where(a => a.TryGetProperty("local", out _))
                .Select(a => new InterfaceAddress(
                    Str(a, "family") ?? "?", IPAddress.Parse(Str(a, "local")!), Int(a, "prefixlen") ?? 0, Str(a, "scope")))
                .ToList()
            : [];
        var flags = e.TryGetProperty("flags", out var f) ? f.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
        string? kind = null;
        if (e.TryGetProperty("linkinfo", out var li)) kind = Str(li, "info_kind");
        return new NetworkInterface(
            Int(e, "ifindex") ?? 0, Str(e, "ifname")!, Str(e, "operstate") ?? "UNKNOWN", Int(e, "mtu") ?? 0,
            Str(e, "master"), Str(e, "address"), flags, addresses, kind, Int(e, "link_index"), Int(e, "link_netnsid"));
    }

    internal static JsonDocument Parse(string json, string what)
    {
        try
        {
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Output of `{what}` is not the JSON expected: {e.Message}\n{json}", e);
        }
    }

    internal static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;
}
