using System.Net;
using LabSpecs.Core;
using LabSpecs.Environments.Ssh;

namespace LabSpecs.Environments.Inventory;

/// <summary>
/// Hosts a user already has (Vagrant boxes, VMs, servers), from an inventory (<c>-Inventory FILE</c>, LABSPECS_INVENTORY):
/// the topology's host names (docker-node1, …) map to machines reached over SSH. Nothing is thrown away on them, so every
/// change a scenario makes is undone, and only what the run created is removed.
/// </summary>
[LabEnvironmentProvider(ProviderName)]
public sealed class InventoryProvider : ILabEnvironmentProvider
{
    public const string ProviderName = "inventory";

    public string Name => ProviderName;

    /// <summary>How long connecting to a host may take before the run fails saying so (key exchange and authentication included).</summary>
    public static SshHostOptions Options { get; } = SshHostOptions.Default with { Connect = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// The topology of the environment file with its hosts taken from <paramref name="inventory"/>: same names, lab addresses
    /// from the inventory where it gives them (else the file's). Hosts the inventory lacks are listed in <see cref="TopologySpec.Inventory"/>.
    /// </summary>
    public static TopologySpec Bind(TopologySpec fileTopology, HostInventory inventory)
    {
        var hosts = fileTopology.Hosts.Select(h => inventory.Find(h.Name) is { LabAddress: { } a } ? h with { Address = a } : h).ToList();
        return fileTopology with { Provider = ProviderName, Hosts = hosts, Inventory = inventory };
    }

    /// <summary>Why an environment of the topology cannot be made from its inventory (hosts it lacks), or null.</summary>
    public static CapabilityMissingException? MissingHosts(TopologySpec topology)
    {
        if (topology.Inventory is not { } inventory) return null;
        var missing = topology.Hosts.Where(h => inventory.Find(h.Name) is null).Select(h => h.Name).ToList();
        return missing.Count == 0
            ? null
            : new CapabilityMissingException("inventory-hosts",
                $"the inventory {inventory.File} has no host {string.Join(", ", missing)} for topology {topology.Name} (it has: {string.Join(", ", inventory.Hosts.Select(h => h.Name))})");
    }

    public CapabilityMissingException? CannotMake(TopologySpec topology) => MissingHosts(topology);

    public IReadOnlyList<string> TopologyKeys => ["inventory"];

    /// <summary>-Inventory FILE (LABSPECS_INVENTORY) makes every topology with hosts a topology of the inventory's machines.</summary>
    public bool ChosenByRun => HostInventory.FromRun() is not null;

    /// <summary>The topology's host names bound to the machines of -Inventory FILE, else of the topology's <c>inventory:</c>.</summary>
    public TopologySpec Bind(TopologySpec topology)
    {
        var path = HostInventory.FromRun() ?? topology.InventorySource
            ?? throw new LabSpecsException($"topology {topology.Name} has no inventory (give -Inventory FILE or {HostInventory.Variable})");
        return Bind(topology, InventoryFile.Load(path));
    }

    /// <summary><c>inventory: FILE</c> (required; relative to the environment file): the hosts are machines of that inventory (LabSpecs, vagrant ssh-config, Ansible).</summary>
    public TopologySpec ReadTopology(TopologySpec topology, YamlFile file, YamlDotNet.RepresentationModel.YamlMappingNode node)
    {
        if (YamlFile.Optional(node, "inventory") is not { } inventory)
        {
            throw file.Error(node, $"topology '{topology.Name}': provider {ProviderName} needs 'inventory: FILE' (a LabSpecs inventory, a vagrant ssh-config output or an Ansible inventory)");
        }

        var path = EnvironmentFile.ResolvePath(file.Scalar(inventory, "inventory"), Path.GetDirectoryName(Path.GetFullPath(file.Path)) ?? ".");
        return topology with { InventorySource = path };
    }

    public Task<ILabEnvironment> CreateAsync(TopologySpec topology, IEvidenceSink progress, CancellationToken ct = default) =>
        CreateAsync(topology, progress, ct, "inv-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3)));

    /// <summary>An environment of the inventory's hosts whose run id (labels, ledger, lock holder) is <paramref name="id"/> (the vm provider: its environment's).</summary>
    public async Task<ILabEnvironment> CreateAsync(TopologySpec topology, IEvidenceSink progress, CancellationToken ct, string id)
    {
        var inventory = topology.Inventory ?? throw new LabSpecsException($"topology {topology.Name} has no inventory (give -Inventory FILE or {HostInventory.Variable})");
        if (MissingHosts(topology) is { } missing) throw missing;
        var hosts = new List<InventoryLabHost>();
        var env = new InventoryEnvironment(id, topology, inventory, hosts);
        // the ledger comes first: if this process is killed from here on, the reaper knows what to remove and where
        env.Ledger = new InventoryLedger(id, inventory.File, topology.Name, topology.Hosts.Select(h => h.Name).ToList(),
            Environment.ProcessId, Embedded.ProcessInfo.StartTime(Environment.ProcessId));
        env.Ledger.Write();
        try
        {
            foreach (var spec in topology.Hosts)
            {
                hosts.Add(new InventoryLabHost(inventory.Host(spec.Name), spec.Address, Endpoint(inventory, inventory.Host(spec.Name), spec.Address), Options));
            }

            // client hosts outside the topology: the "machine outside the docker host" (only commands, no docker, no lock)
            foreach (var client in inventory.Hosts.Where(h => h.Client && topology.Hosts.All(t => t.Name != h.Name)))
            {
                var address = client.LabAddress ?? IPAddress.None;
                env.Clients.Add(new InventoryLabHost(client, address, Endpoint(inventory, client, address), Options));
            }

            await env.OpenAsync(progress, ct).ConfigureAwait(false);
            return env;
        }
        catch
        {
            await env.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The SSH endpoint of an inventory host: the pinned fingerprint from the inventory or the known_hosts file (none: refused,
    /// unless accept-new), the password from its variable, the jump host chain resolved.
    /// </summary>
    public static SshEndpoint Endpoint(HostInventory inventory, InventoryHost host, IPAddress labAddress, int depth = 0)
    {
        if (depth > 5) throw new EnvironmentFileException(inventory.File, host.OriginOf("jump").Line, $"jump hosts of {host.Name} go round in a circle");
        var known = new KnownHosts(host.KnownHostsFile ?? inventory.KnownHostsFile);
        var pinned = host.HostKey ?? known.Fingerprints(host.SshHost, host.Port).FirstOrDefault() ?? "";
        string? password = null;
        if (host.IdentityFile is null && host.PasswordVariable is { } variable)
        {
            password = Environment.GetEnvironmentVariable(variable)
                ?? throw new LabSpecsException($"{host.Name}: the password variable {variable} (from {host.OriginOf("password")}) is not set");
        }

        SshEndpoint? jump = null;
        if (host.Jump is { } j)
        {
            jump = inventory.Find(j) is { } jumpHost
                ? Endpoint(inventory, jumpHost, jumpHost.LabAddress ?? IPAddress.None, depth + 1)
                : ParseJump(j, host, known);
        }

        return new SshEndpoint(host.SshHost, host.Port, host.User, host.IdentityFile ?? "", pinned, labAddress)
        {
            Password = password,
            Jump = jump,
            AcceptNewHostKey = inventory.AcceptNewHostKeys && pinned.Length == 0,
        };
    }

    /// <summary>A jump host given as <c>user@host:port</c> (ProxyJump syntax); it uses the same key as the host behind it.</summary>
    private static SshEndpoint ParseJump(string jump, InventoryHost behind, KnownHosts known)
    {
        var user = behind.User;
        var rest = jump;
        if (rest.Contains('@')) (user, rest) = (rest[..rest.IndexOf('@')], rest[(rest.IndexOf('@') + 1)..]);
        var port = 22;
        if (rest.LastIndexOf(':') is var c and > 0 && int.TryParse(rest[(c + 1)..], out var p)) (rest, port) = (rest[..c], p);
        return new SshEndpoint(rest, port, user, behind.IdentityFile ?? "", known.Fingerprints(rest, port).FirstOrDefault() ?? "", IPAddress.None);
    }

    /// <summary>
    /// What killed runs of this machine left on inventory hosts (their ledgers name them); whatever else is labelled by a dead
    /// run is removed when a run next takes the host's lock (see <see cref="InventoryEnvironment"/>).
    /// </summary>
    public Task<int> SweepLeftoversAsync(CancellationToken ct = default) => InventoryLedger.SweepDeadAsync(ct);
}
