using System.Text.Json;

namespace LabSpecs.Drivers.MultiHost;

/// <summary>A container attached to a network, from <c>docker network inspect</c> ("Containers").</summary>
public sealed record NetworkEndpoint(string ContainerId, string Name, string IPv4Address, string MacAddress);

/// <summary>What <c>docker network inspect NAME</c> says about a network.</summary>
public sealed record DockerNetworkInfo(
    string Id, string Name, string Driver, string Scope, IReadOnlyList<string> Subnets, IReadOnlyList<string> Gateways,
    bool Attachable, IReadOnlyList<NetworkEndpoint> Containers, IReadOnlyDictionary<string, string> Options)
{
    public static DockerNetworkInfo Parse(string inspectJson)
    {
        using var doc = JsonDocument.Parse(inspectJson);
        var n = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement[0] : doc.RootElement;
        var configs = n.TryGetProperty("IPAM", out var ipam) && ipam.TryGetProperty("Config", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.EnumerateArray().ToList() : [];
        var containers = n.TryGetProperty("Containers", out var cs) && cs.ValueKind == JsonValueKind.Object
            ? cs.EnumerateObject().Select(p => new NetworkEndpoint(p.Name, Str(p.Value, "Name"), Str(p.Value, "IPv4Address"), Str(p.Value, "MacAddress"))).ToList()
            : [];
        var options = n.TryGetProperty("Options", out var o) && o.ValueKind == JsonValueKind.Object
            ? o.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString()) : new Dictionary<string, string>();
        return new DockerNetworkInfo(Str(n, "Id"), Str(n, "Name"), Str(n, "Driver"), Str(n, "Scope"),
            configs.Select(x => Str(x, "Subnet")).Where(s => s.Length > 0).ToList(),
            configs.Select(x => Str(x, "Gateway")).Where(s => s.Length > 0).ToList(),
            n.TryGetProperty("Attachable", out var a) && a.ValueKind == JsonValueKind.True, containers, options);
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
