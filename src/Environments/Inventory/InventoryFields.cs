using System.Net;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LabSpecs.Environments.Inventory;

/// <summary>
/// What every inventory reader shares: the values a host's fields take (lab address, port, booleans, become, docker_host),
/// checked with errors that name the file, the line and the valid choices, and the YAML access of <see cref="YamlFile"/>
/// (line only: an inventory's ssh-config and INI forms can name no column).
/// </summary>
internal static class InventoryFields
{
    /// <summary>The YAML forms' root mapping (LabSpecs and Ansible YAML inventories).</summary>
    public static YamlMappingNode Root(string text, string file)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw new EnvironmentFileException(file, e.Start.Line, $"not valid YAML: {e.InnerException?.Message ?? e.Message}"); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new EnvironmentFileException(file, 1, "expected a mapping: 'hosts:' (LabSpecs inventory) or 'all:' (Ansible inventory)");
        }

        return root;
    }

    public static string DockerHost(string file, FieldOrigin at, string v) =>
        v.StartsWith("tcp://", StringComparison.Ordinal) && Uri.TryCreate(v, UriKind.Absolute, out _)
            ? v
            : throw new EnvironmentFileException(file, at.Line, $"{at.Key}: '{v}' is not tcp://HOST:PORT (leave it out for the Docker API over SSH; use docker_context for a context)");

    public static IPAddress Address(string file, FieldOrigin at, string v) =>
        IPAddress.TryParse(v, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? a
            : throw new EnvironmentFileException(file, at.Line, $"{at.Key}: '{v}' is not an IPv4 address (the host's lab address, e.g. 192.168.205.10)");

    public static int Port(string file, FieldOrigin at, string v) =>
        int.TryParse(v, out var p) && p is > 0 and < 65536 ? p : throw new EnvironmentFileException(file, at.Line, $"{at.Key}: '{v}' is not a TCP port (1-65535)");

    public static bool Bool(string file, FieldOrigin at, string v) => v.ToLowerInvariant() switch
    {
        "true" or "yes" or "1" or "on" => true,
        "false" or "no" or "0" or "off" => false,
        _ => throw new EnvironmentFileException(file, at.Line, $"{at.Key}: '{v}' is not valid; valid: true, false"),
    };

    public static Become BecomeOf(string file, FieldOrigin at, string v) => v.ToLowerInvariant() switch
    {
        "sudo" or "true" or "yes" => Become.Sudo,
        "none" or "false" or "no" => Become.None,
        _ => throw new EnvironmentFileException(file, at.Line, $"become: '{v}' is not valid; valid: sudo, none"),
    };

    public static string Unquote(string v) => v.Length >= 2 && (v[0] == '"' && v[^1] == '"' || v[0] == '\'' && v[^1] == '\'') ? v[1..^1] : v;

    public static void CheckKeys(string file, YamlMappingNode node, string[] valid, string where) => new YamlFile(file, columns: false).CheckKeys(node, valid, where);

    public static long Line(YamlNode node) => node.Start.Line;

    public static YamlNode? Optional(YamlMappingNode node, string key) => YamlFile.Optional(node, key);

    public static string Scalar(string file, YamlNode node, string what) => new YamlFile(file, columns: false).Scalar(node, what);
}
