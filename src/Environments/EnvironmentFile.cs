using System.Net;
using LabSpecs.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LabSpecs.Environments;

/// <summary>
/// A file that describes an environment (environments/*.yml, an inventory in any of its formats) is wrong; the message
/// names the file, the line (and column, where the format has them; neither for a file that is not there) and what would be valid.
/// </summary>
public sealed class EnvironmentFileException(string file, long line, string problem, long column = 0)
    : LabSpecsException((line, column) switch
    {
        ( <= 0, _) => $"{file}: {problem}",
        (_, <= 0) => $"{file}:{line}: {problem}",
        _ => $"{file}:{line}:{column}: {problem}",
    })
{
    public EnvironmentFileException(string file, Mark at, string problem)
        : this(file, at.Line, problem, at.Column)
    {
    }

    public string File { get; } = file;

    public long Line { get; } = line;
}

/// <summary>
/// Reads environments/*.yml: named topologies, each with a provider, a subnet and hosts (name, address, roles).
/// <code>
/// topologies:
///   two-node:
///     provider: embedded
///     subnet: 192.168.205.0/24
///     hosts:
///       - { name: docker-node1, address: 192.168.205.10, roles: [docker] }
/// </code>
/// </summary>
public static class EnvironmentFile
{
    private static readonly string[] TopLevelKeys = ["topologies"];
    /// <summary>Keys every topology may have; each provider adds its own (<see cref="ILabEnvironmentProvider.TopologyKeys"/>).</summary>
    public static readonly string[] CommonKeys = ["provider", "subnet", "description", "hosts", "one_at_a_time"];
    private static readonly string[] HostKeys = ["name", "address", "roles"];

    public const string DefaultProvider = "embedded";

    /// <summary>The default file: $LABSPECS_ENVIRONMENT_FILE, else environments/local.yml found upwards from the program.</summary>
    public static string DefaultPath()
    {
        if (Environment.GetEnvironmentVariable("LABSPECS_ENVIRONMENT_FILE") is { Length: > 0 } explicitFile) return explicitFile;
        foreach (var start in new[] { Environment.GetEnvironmentVariable("LABSPECS_ROOT"), AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = start is { Length: > 0 } ? new DirectoryInfo(start) : null; dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "environments", "local.yml");
                if (File.Exists(candidate)) return candidate;
            }
        }

        throw new LabSpecsException("environments/local.yml not found above the program or the current directory; set LABSPECS_ENVIRONMENT_FILE or LABSPECS_ROOT");
    }

    public static IReadOnlyDictionary<string, TopologySpec> Load(string? path = null)
    {
        path ??= DefaultPath();
        return Parse(File.ReadAllText(path), path);
    }

    public static TopologySpec Topology(string name, string? path = null)
    {
        path ??= DefaultPath();
        var all = Load(path);
        return all.TryGetValue(name, out var t)
            ? t
            : throw new LabSpecsException($"{path}: no topology '{name}'; valid: {string.Join(", ", all.Keys)}");
    }

    public static IReadOnlyDictionary<string, TopologySpec> Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e) { throw new EnvironmentFileException(file, e.Start, $"not valid YAML: {e.InnerException?.Message ?? e.Message}"); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new EnvironmentFileException(file, Mark.Empty, "expected a mapping with the key 'topologies'");
        }

        CheckKeys(file, root, TopLevelKeys, "top level");
        var topologies = Mapping(file, Required(file, root, "topologies"), "'topologies' must map topology names to topologies");
        var result = new Dictionary<string, TopologySpec>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in topologies.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            result[name] = ParseTopology(file, name, Mapping(file, value, $"topology '{name}' must be a mapping"));
        }

        return result;
    }

    private static bool ParseOneAtATime(string file, string name, YamlMappingNode node)
    {
        if (Optional(node, "one_at_a_time") is not { } n) return false;
        return Scalar(file, n, "one_at_a_time") switch
        {
            "true" => true,
            "false" => false,
            var v => throw new EnvironmentFileException(file, n.Start, $"topology '{name}': one_at_a_time must be true or false, not '{v}'"),
        };
    }

    private static TopologySpec ParseTopology(string file, string name, YamlMappingNode node)
    {
        var yaml = new YamlFile(file);
        var provider = Optional(node, "provider") is { } p ? Scalar(file, p, "provider") : DefaultProvider;
        if (!ProviderRegistry.IsKnown(provider))
        {
            throw new EnvironmentFileException(file, node.Children[new YamlScalarNode("provider")].Start,
                $"topology '{name}': unknown provider '{provider}'; valid: {string.Join(", ", ProviderRegistry.Names)}");
        }

        var reader = ProviderRegistry.Create(provider);
        var hostsInFile = ProviderRegistry.HostsInFile(provider);
        CheckTopologyKeys(yaml, name, provider, node, [.. CommonKeys.Where(k => hostsInFile || k is "provider" or "description"), .. reader.TopologyKeys]);
        if (!hostsInFile)
        {
            return reader.ReadTopology(new TopologySpec(name, provider, NoSubnet, [], file), yaml, node);
        }

        var subnetNode = Required(file, node, "subnet");
        if (!IPNetwork.TryParse(Scalar(file, subnetNode, "subnet"), out var subnet) || subnet.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new EnvironmentFileException(file, subnetNode.Start, $"topology '{name}': subnet must be an IPv4 network like 192.168.205.0/24");
        }

        if (Required(file, node, "hosts") is not YamlSequenceNode hostsNode || hostsNode.Children.Count == 0)
        {
            throw new EnvironmentFileException(file, node.Start, $"topology '{name}': 'hosts' must be a non-empty list of {{name, address, roles}}");
        }

        var hosts = new List<HostSpec>();
        foreach (var h in hostsNode.Children)
        {
            var host = ParseHost(file, name, subnet, Mapping(file, h, $"topology '{name}': each host must be a mapping with {string.Join(", ", HostKeys)}"));
            if (hosts.Any(x => x.Name == host.Name)) throw new EnvironmentFileException(file, h.Start, $"topology '{name}': host name '{host.Name}' appears twice");
            if (hosts.Any(x => x.Address.Equals(host.Address))) throw new EnvironmentFileException(file, h.Start, $"topology '{name}': address {host.Address} appears twice");
            hosts.Add(host);
        }

        var topology = new TopologySpec(name, provider, subnet, hosts, file) { OneAtATime = ParseOneAtATime(file, name, node) };
        return reader.ReadTopology(topology, yaml, node);
    }

    /// <summary>
    /// Every key of the topology is one its provider takes; a key of another provider says whose it is
    /// (<c>'kubeconfig' belongs to provider kubernetes, not to provider 'embedded'</c>), any other lists the valid ones.
    /// </summary>
    private static void CheckTopologyKeys(YamlFile yaml, string name, string provider, YamlMappingNode node, IReadOnlyList<string> valid)
    {
        foreach (var (keyNode, _) in node.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (valid.Contains(key)) continue;
            var owners = ProviderRegistry.Names.Where(n => n != provider && (ProviderRegistry.Create(n).TopologyKeys.Contains(key) || (CommonKeys.Contains(key) && ProviderRegistry.HostsInFile(n)))).ToList();
            if (owners.Count > 0)
            {
                throw yaml.Error(keyNode, $"topology '{name}': '{key}' belongs to provider {string.Join(" or ", owners)}, not to provider '{provider}'");
            }
        }

        yaml.CheckKeys(node, valid, $"topology '{name}'");
    }

    /// <summary>The subnet of a topology whose hosts are not in the file (never routed, never made unreachable).</summary>
    public static readonly IPNetwork NoSubnet = new(IPAddress.None, 32);

    /// <summary>A path of an environment file: relative to the file's directory; ~ is the home directory.</summary>
    public static string ResolvePath(string path, string baseDirectory)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'));
        }

        return Path.GetFullPath(path, baseDirectory);
    }

    private static HostSpec ParseHost(string file, string topology, IPNetwork subnet, YamlMappingNode node)
    {
        CheckKeys(file, node, HostKeys, $"host in topology '{topology}'");
        var nameNode = Required(file, node, "name");
        var name = Scalar(file, nameNode, "name");
        // A host name becomes a hostname, a namespace name and (truncated) an interface name.
        if (name.Length is < 2 or > 40 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || name[0] == '-')
        {
            throw new EnvironmentFileException(file, nameNode.Start, $"host name '{name}': use 2-40 lower-case letters, digits and '-'");
        }

        var addressNode = Required(file, node, "address");
        if (!IPAddress.TryParse(Scalar(file, addressNode, "address"), out var address) || !subnet.Contains(address))
        {
            throw new EnvironmentFileException(file, addressNode.Start, $"host '{name}': address must be an IPv4 address inside the subnet {subnet}");
        }

        var last = address.GetAddressBytes()[3];
        if (last is 1 or 2 or 0 or 255)
        {
            throw new EnvironmentFileException(file, addressNode.Start, $"host '{name}': {address} is reserved (.1 is the underlay client, .2 the image registry)");
        }

        var roles = Optional(node, "roles") switch
        {
            null => [],
            YamlSequenceNode seq => seq.Children.Select(r => Scalar(file, r, "role")).ToList(),
            var other => throw new EnvironmentFileException(file, other.Start, $"host '{name}': roles must be a list, e.g. [docker, swarm-manager]"),
        };
        return new HostSpec(name, address, roles);
    }

    private static void CheckKeys(string file, YamlMappingNode node, string[] valid, string where) => new YamlFile(file).CheckKeys(node, valid, where);

    private static YamlNode? Optional(YamlMappingNode node, string key) => YamlFile.Optional(node, key);

    private static YamlNode Required(string file, YamlMappingNode node, string key) => new YamlFile(file).Required(node, key);

    private static YamlMappingNode Mapping(string file, YamlNode node, string problem) => new YamlFile(file).Mapping(node, problem);

    private static string Scalar(string file, YamlNode node, string what) => new YamlFile(file).Scalar(node, what);
}
