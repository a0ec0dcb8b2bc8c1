using System.Text.Json;
using LabSpecs.Core;

namespace LabSpecs.Drivers.DockerCommands;

/// <summary>One side of <c>docker version</c>: the client or the server (engine).</summary>
public sealed record VersionSide(string Version, string ApiVersion);

/// <summary>What <c>docker version</c> reports: the client's version and the API version it talks, and the server's.</summary>
public sealed record DockerVersionReport(VersionSide Client, VersionSide Server)
{
    /// <summary>Parses <c>docker version --format '{{json .}}'</c>; the server's API version may sit in its Engine component.</summary>
    public static DockerVersionReport ParseJson(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return new DockerVersionReport(Side(doc.RootElement, "Client"), Side(doc.RootElement, "Server"));
        }
        catch (JsonException e)
        {
            throw new LabSpecsException($"Not the output of docker version --format '{{{{json .}}}}' ({e.Message}):\n{json}", e);
        }
    }

    private static VersionSide Side(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var side) || side.ValueKind != JsonValueKind.Object) return new VersionSide("", "");
        var engine = side.TryGetProperty("Components", out var cs) && cs.ValueKind == JsonValueKind.Array
            ? cs.EnumerateArray().FirstOrDefault(c => Str(c, "Name") == "Engine")
            : default;
        var details = engine.ValueKind == JsonValueKind.Object && engine.TryGetProperty("Details", out var d) ? d : default;
        return new VersionSide(
            First(Str(side, "Version"), Str(engine, "Version")),
            First(Str(side, "ApiVersion"), Str(details, "ApiVersion")));
    }

    private static string First(string a, string b) => a.Length > 0 ? a : b;

    private static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
