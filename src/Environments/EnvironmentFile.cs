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
    private static readonly string[] TopologyKeys = ["provider", "subnet", "description", "hosts", "kubeconfig", "context", "namespace", "inventory", "one_at_a_time", "engine"];
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

    /// <summary><c>engine: 26</c>: an engine of host-images.txt, for hosts this project boots (inventory hosts have the engine they have).</summary>
    private static string? ParseEngine(string file, string name, string provider, YamlMappingNode node)
    {
        if (Optional(node, "engine") is not { } n) return null;
        var engine = Scalar(file, n, "engine");
        if (provider != DefaultProvider)
        {
            throw new EnvironmentFileException(file, n.Start, $"topology '{name}': 'engine' belongs to provider: {DefaultProvider} (provider '{provider}' hosts have the engine they have)");
        }

        var valid = Images.HostImages.Engines.Select(e => e.Name).ToList();
        return valid.Contains(engine) ? engine
            : throw new EnvironmentFileException(file, n.Start, $"topology '{name}': unknown engine '{engine}'; valid: {string.Join(", ", valid)}");
    }

    private static TopologySpec ParseTopology(string file, string name, YamlMappingNode node)
    {
        CheckKeys(file, node, TopologyKeys, $"topology '{name}'");
        var provider = Optional(node, "provider") is { } p ? Scalar(file, p, "provider") : DefaultProvider;
        if (!ProviderRegistry.IsKnown(provider))
        {
            throw new EnvironmentFileException(file, node.Children[new YamlScalarNode("provider")].Start,
                $"topology '{name}': unknown provider '{provider}'; valid: {string.Join(", ", ProviderRegistry.Names)}");
        }

        if (!ProviderRegistry.HostsInFile(provider))
        {
            return new TopologySpec(name, provider, NoSubnet, [], file, ParseCluster(file, name, node));
        }

        if (Optional(node, "kubeconfig") is { } misplaced)
        {
            throw new EnvironmentFileException(file, misplaced.Start,
                $"topology '{name}': 'kubeconfig' belongs to a cluster topology (provider: kubernetes), not to provider '{provider}'");
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

        var topology = new TopologySpec(name, provider, subnet, hosts, file) { OneAtATime = ParseOneAtATime(file, name, node), Engine = ParseEngine(file, name, provider, node) };
        if (Optional(node, "inventory") is { } inventoryNode)
        {
            // provider: inventory, inventory: FILE — the hosts are machines of that inventory (LabSpecs, vagrant ssh-config, Ansible)
            if (provider != Inventory.InventoryProvider.ProviderName)
            {
                throw new EnvironmentFileException(file, inventoryNode.Start, $"topology '{name}': 'inventory' belongs to provider: {Inventory.InventoryProvider.ProviderName}, not to provider '{provider}'");
            }

            var path = ResolvePath(Scalar(file, inventoryNode, "inventory"), Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".");
            return topology with { InventorySource = path };
        }

        if (provider == Inventory.InventoryProvider.ProviderName)
        {
            throw new EnvironmentFileException(file, node.Start, $"topology '{name}': provider {provider} needs 'inventory: FILE' (a LabSpecs inventory, a vagrant ssh-config output or an Ansible inventory)");
        }

        return topology;
    }

    /// <summary>The subnet of a topology whose hosts are not in the file (never routed, never made unreachable).</summary>
    public static readonly IPNetwork NoSubnet = new(IPAddress.None, 32);

    /// <summary>kubeconfig: one path or a list (relative to the environment file; ~ is the home directory); context: a name; namespace: an existing namespace.</summary>
    private static ClusterAccess ParseCluster(string file, string topology, YamlMappingNode node)
    {
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        var paths = Optional(node, "kubeconfig") switch
        {
            null => [],
            YamlScalarNode scalar => [Scalar(file, scalar, "kubeconfig")],
            YamlSequenceNode seq => seq.Children.Select(c => Scalar(file, c, "kubeconfig")).ToList(),
            var other => throw new EnvironmentFileException(file, other.Start, $"topology '{topology}': kubeconfig must be a path or a list of paths"),
        };
        var context = Optional(node, "context") is { } c ? Scalar(file, c, "context") : null;
        var ns = Optional(node, "namespace") is { } n ? Scalar(file, n, "namespace") : null;
        return new ClusterAccess(paths.Select(p => ResolvePath(p, baseDirectory)).ToList(), context, ns);
    }

    private static string ResolvePath(string path, string baseDirectory)
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
