using System.Text.Json;
using LabSpecs.Core;
using LabSpecs.Drivers.Docker;

namespace LabSpecs.Drivers.Cli;

/// <summary>A docker network as the CLI's <c>docker network inspect</c> shows it (on the machine or on a lab host).</summary>
public sealed record DockerNetwork(
    string Id,
    string Name,
    string Driver,
    string Scope,
    bool Attachable,
    IReadOnlyList<(string Subnet, string Gateway)> Ipam,
    IReadOnlyList<NetworkEndpoint> Containers,
    IReadOnlyDictionary<string, string> Options)
{
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;

    /// <summary>The subnets of the IPAM pools that have one.</summary>
    public IReadOnlyList<string> Subnets => Ipam.Select(p => p.Subnet).Where(s => s.Length > 0).ToList();

    /// <summary>The gateways of the IPAM pools that have one.</summary>
    public IReadOnlyList<string> Gateways => Ipam.Select(p => p.Gateway).Where(g => g.Length > 0).ToList();

    /// <summary>The Linux bridge behind a bridge network: the bridge.name option (docker0), else br-&lt;short id&gt;.</summary>
    public string LinuxBridge =>
        Options.TryGetValue("com.docker.network.bridge.name", out var name) && name.Length > 0 ? name : "br-" + ShortId;

    public NetworkEndpoint? Container(string name) => Containers.FirstOrDefault(c => c.Name == name);

    public static DockerNetwork ParseInspect(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var n = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement[0] : doc.RootElement;
            var ipam = new List<(string, string)>();
            if (n.TryGetProperty("IPAM", out var i) && i.TryGetProperty("Config", out var cfg) && cfg.ValueKind == JsonValueKind.Array)
            {
                foreach (var c in cfg.EnumerateArray())
                {
                    ipam.Add((Str(c, "Subnet"), Str(c, "Gateway")));
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

            var options = new Dictionary<string, string>();
            if (n.TryGetProperty("Options", out var o) && o.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in o.EnumerateObject()) options[p.Name] = p.Value.GetString() ?? "";
            }

            return new DockerNetwork(Str(n, "Id"), Str(n, "Name"), Str(n, "Driver"), Str(n, "Scope"),
                n.TryGetProperty("Attachable", out var a) && a.ValueKind == JsonValueKind.True, ipam, containers, options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IndexOutOfRangeException or KeyNotFoundException)
        {
            throw new LabSpecsException($"Not the output of docker network inspect ({e.Message}):\n{json}", e);
        }
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
