using System.Text.Json;
using LabSpecs.Core;
using LabSpecs.Drivers.Docker;

namespace LabSpecs.Drivers.DockerCommands;

/// <summary>The docker CLI's network output (<c>docker network inspect</c>, <c>docker network ls</c>) read into the one network model.</summary>
public static class DockerNetworkOutput
{
    public static NetworkDetails ParseInspect(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var n = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement[0] : doc.RootElement;
            var ipam = new List<IpamPool>();
            if (n.TryGetProperty("IPAM", out var i) && i.TryGetProperty("Config", out var cfg) && cfg.ValueKind == JsonValueKind.Array)
            {
                foreach (var c in cfg.EnumerateArray())
                {
                    var gateway = Str(c, "Gateway");
                    ipam.Add(new IpamPool(Str(c, "Subnet"), gateway.Length > 0 ? gateway : null));
                }
            }

            var containers = new List<NetworkEndpoint>();
            if (n.TryGetProperty("Containers", out var cs) && cs.ValueKind == JsonValueKind.Object)
            {
                foreach (var c in cs.EnumerateObject())
                {
                    containers.Add(new NetworkEndpoint(c.Name, Str(c.Value, "Name"), Str(c.Value, "MacAddress"), Str(c.Value, "IPv4Address")));
                }
            }

            return new NetworkDetails(Str(n, "Id"), Str(n, "Name"), Str(n, "Driver"), Str(n, "Scope"), ipam, Strings(n, "Options"),
                Strings(n, "Labels"), containers, json, n.TryGetProperty("Attachable", out var a) && a.ValueKind == JsonValueKind.True);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IndexOutOfRangeException or KeyNotFoundException)
        {
            throw new LabSpecsException($"Not the output of docker network inspect ({e.Message}):\n{json}", e);
        }
    }

    public static IReadOnlyList<NetworkSummary> ParseList(string output) =>
        CliTable.Parse(output).Select(r => new NetworkSummary(r["NETWORK ID"], r["NAME"], r["DRIVER"], r["SCOPE"])).ToList();

    private static Dictionary<string, string> Strings(JsonElement e, string name)
    {
        var values = new Dictionary<string, string>();
        if (e.TryGetProperty(name, out var o) && o.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in o.EnumerateObject()) values[p.Name] = p.Value.GetString() ?? "";
        }

        return values;
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
