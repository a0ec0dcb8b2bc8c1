using System.Text.Json;
using LabSpecs.Core;

namespace LabSpecs.Drivers.Etcd;

/// <summary>A network as Docker's libnetwork keeps it in the cluster store (<c>/docker/network/v1.0/network/ID</c>).</summary>
public sealed record StoredNetwork(string Name, string NetworkType, string Json)
{
    public static StoredNetwork Parse(string json) => LibnetworkJson.Read(json, e => new StoredNetwork(
        LibnetworkJson.Str(e, "name"), LibnetworkJson.Str(e, "networkType"), json));
}

/// <summary>An endpoint (a container's attachment) as libnetwork keeps it: its name and the host it lives on (<c>locator</c>).</summary>
public sealed record StoredEndpoint(string Name, string Locator)
{
    public static StoredEndpoint Parse(string json) => LibnetworkJson.Read(json, e => new StoredEndpoint(
        LibnetworkJson.Str(e, "name"), LibnetworkJson.Str(e, "locator")));

    public override string ToString() => $"{Name} @ {Locator}";
}

internal static class LibnetworkJson
{
    public static T Read<T>(string json, Func<JsonElement, T> read)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return read(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new LabSpecsException($"Not a libnetwork value from etcd ({e.Message}):\n{json}", e);
        }
    }

    public static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
