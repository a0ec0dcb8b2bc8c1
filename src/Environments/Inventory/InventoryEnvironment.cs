using System.Diagnostics;
using LabSpecs.Core;
using LabSpecs.Environments.Embedded;
using LabSpecs.Environments.Ssh;

namespace LabSpecs.Environments.Inventory;

/// <summary>
/// A run's hold on inventory hosts: one SSH session per host, the host's lock for the run's whole length, and what the
/// hosts were like when the run took them (swarm state), so <see cref="ResetAsync"/> removes only what the run made: things
/// labelled <c>labspecs.run=ID</c>, and a swarm only if the run made it. Leftovers of killed runs (labelled things of other
/// run ids) are removed when the lock is taken: holding it proves their runs are gone.
/// </summary>
public sealed class InventoryEnvironment : ILabEnvironment
{
    public const string RunLabel = LabLabels.Run;
    private readonly List<InventoryLabHost> _hosts;
    private readonly List<HostLock> _locks = [];
    private readonly Dictionary<string, bool> _swarmAtStart = new(StringComparer.Ordinal);

    /// <summary>Each host's engine as it answered (<c>GET /version</c>, as <c>docker version</c> shows it): read and shown, never chosen.</summary>
    private readonly Dictionary<string, string> _engineOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _gwbridgeAtStart = new(StringComparer.Ordinal);
    private int _disposed;

    internal InventoryEnvironment(string id, TopologySpec topology, HostInventory inventory, List<InventoryLabHost> hosts)
    {
        Id = id;
        Topology = topology;
        Inventory = inventory;
        _hosts = hosts;
    }

    public string Id { get; }

    public TopologySpec Topology { get; }

    public HostInventory Inventory { get; }

    internal InventoryLedger? Ledger { get; set; }

    /// <summary>Client hosts of the inventory outside the topology: where steps "from a machine outside the docker host" run.</summary>
    internal List<InventoryLabHost> Clients { get; } = [];

    public IReadOnlyList<ILabHost> Hosts => _hosts;

    public Capabilities Capabilities { get; private set; } = new(new HashSet<string>(), new Dictionary<string, string>());

    /// <summary>Real hosts are never thrown away: every change is undone.</summary>
    public bool Replaceable => false;

    public ILabHost Host(string name) =>
        _hosts.FirstOrDefault(h => h.Name == name)
        ?? throw new LabSpecsException($"No host '{name}' in topology {Topology.Name} (inventory {Inventory.File}); valid: {string.Join(", ", _hosts.Select(h => h.Name))}");

    internal async Task OpenAsync(IEvidenceSink progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(_hosts.Concat(Clients).Select(h => ConnectAsync(h, progress, clock, ct))).ConfigureAwait(false);
        // Locks in one order (by SSH target) so two runs that want the same hosts cannot each hold one and wait for the other.
        foreach (var h in _hosts.OrderBy(h => h.Entry.Target, StringComparer.Ordinal))
        {
            _locks.Add(await HostLock.AcquireAsync(h, HostLock.HolderText(Id), HostLock.DefaultWait, progress, ct).ConfigureAwait(false));
        }

        Say(progress, $"holding {string.Join(", ", _hosts.Select(h => h.Name))} for run {Id} ({clock.Elapsed.TotalSeconds:0.00} s)");
        var probes = await Task.WhenAll(_hosts.Select(h => PrepareAsync(h, progress, ct))).ConfigureAwait(false);
        Capabilities = Combine(_hosts, probes);
        Say(progress, $"environment {this} ready in {clock.Elapsed.TotalSeconds:0.00} s");
    }

    private async Task ConnectAsync(InventoryLabHost h, IEvidenceSink progress, Stopwatch clock, CancellationToken ct)
    {
        var r = await h.Session.RunAsync("true", InventoryProvider.Options.Connect + TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
        r.EnsureSuccess();
        if (h.Ssh.AcceptNewHostKey && h.Session.PresentedHostKey is { } key)
        {
            var known = new KnownHosts(h.Entry.KnownHostsFile ?? Inventory.KnownHostsFile);
            known.Add(h.Ssh.Host, h.Ssh.Port, key.Type, key.Base64);
            Say(progress, $"{h.Name}: trusted new host key SHA256:{HostKeyPin.Normalize(key.Sha256)} ({key.Type}), written to {known.Path}");
        }

        Say(progress, $"{h.Name}: ssh {h.Entry.Target}{(h.Ssh.Jump is { } j ? $" via {j.Where}" : "")} ok ({clock.Elapsed.TotalSeconds:0.00} s)");
    }

    /// <summary>Checks the host is what the inventory says, removes leftovers of dead runs, notes the swarm state, probes capabilities.</summary>
    private async Task<Capabilities> PrepareAsync(InventoryLabHost h, IEvidenceSink progress, CancellationToken ct)
    {
        var facts = await h.ExecAsync($$"""
            command -v docker >/dev/null || { echo "no-docker"; exit 0; }
            echo "addresses $(ip -o -4 addr show 2>/dev/null | awk '{print $4}' | cut -d/ -f1 | tr '\n' ' ')"
            echo "kept $(ls {{KeptDirectory}} 2>/dev/null | tr '\n' ' ')"
            """, Timeouts.Default.Exec, ct).ConfigureAwait(false);
        facts.EnsureSuccess();
        var lines = facts.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Contains("no-docker")) throw new LabSpecsException($"{h.Name} ({h.Entry.Target}): docker is not installed there");
        List<string> Words(string key) => lines.FirstOrDefault(l => l == key || l.StartsWith(key + " ", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList() ?? [];
        var addresses = Words("addresses");
        if (!addresses.Contains(h.Address.ToString()))
        {
            var from = h.Entry.LabAddress is null ? $"topology {Topology.Name} in {Topology.SourceFile}" : h.Entry.OriginOf("lab address").ToString();
            throw new LabSpecsException(
                $"{h.Name} ({h.Entry.Target}) has no address {h.Address} (from {from}); it has {string.Join(", ", addresses)}. " +
                "Give the host's lab address in the inventory (address:, labspecs_address=).");
        }

        var start = await EngineCleaner.StateAsync(h, Timeouts.Default.Exec, ct).ConfigureAwait(false);
        lock (_engineOf) _engineOf[h.Name] = start.Version;
        Say(progress, $"{h.Name}: its own engine, Docker {start.Version}");
        _swarmAtStart[h.Name] = start.InSwarm;
        _gwbridgeAtStart[h.Name] = start.HasGwbridge;
        var swept = await EngineCleaner.CleanAsync(h, EngineCleaning.OfDeadRuns(Words("kept").ToHashSet(StringComparer.Ordinal)), Timeouts.Default.Cleanup, ct).ConfigureAwait(false);
        if (!swept.Nothing) Say(progress, $"{h.Name}: removed what killed runs left: {swept}");
        var probe = await h.ExecAsync($"unshare --net /bin/sh -c {LocalProcess.Quote(EmbeddedScript.Read("probe-capabilities.sh"))}", TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        if (!probe.Succeeded) throw new LabSpecsException($"{h.Name}: the capability probe failed (it needs root and unshare): {probe.Stderr.Trim()}");
        return CapabilityProbe.Parse(probe.Stdout);
    }

    private static void Say(IEvidenceSink progress, string message) => progress.Record(new EvidenceItem(message, message));

    /// <summary>What every host has; a capability one host lacks is missing with that host's reason.</summary>
    private static Capabilities Combine(IReadOnlyList<InventoryLabHost> hosts, IReadOnlyList<Capabilities> probes)
    {
        var present = new HashSet<string>(probes[0].Present, StringComparer.Ordinal);
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < probes.Count; i++)
        {
            present.IntersectWith(probes[i].Present);
            foreach (var (name, why) in probes[i].Missing) missing.TryAdd(name, $"{hosts[i].Name}: {why}");
        }

        return new Capabilities(present, missing);
    }

    /// <summary>Run ids kept with -KeepOnFailure, one empty file each: sweeps leave their things alone until the file is removed.</summary>
    public const string KeptDirectory = "/var/lib/labspecs/kept";

    private string? _kept;

    /// <summary>Whether run <paramref name="id"/> was kept with -KeepOnFailure on <paramref name="host"/> (sweeps leave its things).</summary>
    internal static async Task<bool> IsKeptAsync(ILabHost host, string id, CancellationToken ct) =>
        (await host.ExecAsync($"test -e {KeptDirectory}/{id}", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Succeeded;

    /// <summary>Keeps what the run made on its hosts (marks the run id as kept there) and says how to remove it.</summary>
    public string? KeepForDebugging(string scenario)
    {
        _kept ??= scenario;
        foreach (var h in _hosts)
        {
            h.ExecAsync($"mkdir -p {KeptDirectory} && touch {KeptDirectory}/{Id}", Timeouts.Default.Exec).GetAwaiter().GetResult().EnsureSuccess();
        }

        var remove = $"for k in $(docker ps -aq --filter label={RunLabel}={Id}); do docker rm -f -v $k; done; " +
                     $"for k in $(docker network ls -q --filter label={RunLabel}={Id}); do docker network rm $k; done; rm -f {KeptDirectory}/{Id}";
        return $"kept what run {Id} made on {string.Join(", ", _hosts.Select(h => $"{h.Name} ({h.Entry.Target})"))} after '{scenario}' (-KeepOnFailure); " +
               $"engine settings, swarm and etcd stay as the scenario left them. Remove it on each host with: {remove}";
    }

    /// <summary>
    /// On the network between the hosts, as near to <paramref name="near"/> as a real network allows: <paramref name="near"/>
    /// itself (a capture of what reaches it), else the inventory's client host (the "machine outside the docker host").
    /// </summary>
    public async Task<ExecResult> ExecOnUnderlayAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default, ILabHost? near = null)
    {
        var client = Clients.FirstOrDefault() ?? _hosts.FirstOrDefault(h => h.Entry.Client && h.Name != near?.Name);
        var on = near is not null ? _hosts.First(h => h.Name == near.Name) : client;
        if (on is null)
        {
            throw new CapabilityMissingException("client-host",
                $"the inventory {Inventory.File} has no client host for steps run from a machine outside the docker host (mark one with client: true, labspecs_client=true, or an Ansible group 'client')");
        }

        var r = await on.ExecAsync(command, timeout, ct).ConfigureAwait(false);
        return r with { Where = on.Name };
    }

    public Task StopHostAsync(string name, CancellationToken ct = default) => throw NotOnRealHosts($"power off {name}");

    public Task StartHostAsync(string name, CancellationToken ct = default) => throw NotOnRealHosts($"power on {name}");

    public Task CutLinkAsync(string name, CancellationToken ct = default) => throw NotOnRealHosts($"unplug {name}'s network link");

    public Task RestoreLinkAsync(string name, CancellationToken ct = default) => Task.CompletedTask;

    private CapabilityMissingException NotOnRealHosts(string what) =>
        new("disposable-hosts", $"LabSpecs does not {what} on inventory hosts ({Inventory.File}); this scenario runs on embedded hosts");

    /// <summary>
    /// Removes what this run made on every host (labelled with its id), a swarm only where the run made it, and the
    /// docker_gwbridge network dockerd made for the run's overlay containers (when it was not there before and nothing uses it).
    /// </summary>
    public async Task ResetAsync(CancellationToken ct = default)
    {
        var cleaned = await Task.WhenAll(_hosts.Select(h => EngineCleaner.CleanAsync(h, EngineCleaning.OfRun(Id) with
        {
            LeaveSwarm = _swarmAtStart.TryGetValue(h.Name, out var had) && !had,
            RemoveUnusedGwbridge = _gwbridgeAtStart.TryGetValue(h.Name, out var was) && !was,
        }, Timeouts.Default.Cleanup, ct))).ConfigureAwait(false);
        Complain(cleaned);
    }

    /// <summary>What the engines would not remove (in use by something the run did not label) is said, not failed on: the host stays usable.</summary>
    private void Complain(IReadOnlyList<EngineCleaned> cleaned)
    {
        for (var i = 0; i < cleaned.Count; i++)
        {
            if (cleaned[i].NotRemoved.Count > 0) Console.Error.WriteLine($"labspecs: {_hosts[i].Name}: run {Id} left {string.Join("; ", cleaned[i].NotRemoved)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_locks.Count == _hosts.Count && _hosts.Count > 0 && _kept is null)
        {
            // Ctrl-C or a failed feature may end the run before a reset: what carries this run's label goes before the locks do.
            try
            {
                using var cts = new CancellationTokenSource(Timeouts.Default.Cleanup);
                Complain(await Task.WhenAll(_hosts.Select(h => EngineCleaner.CleanAsync(h, EngineCleaning.OfRun(Id), Timeouts.Default.Cleanup, cts.Token))).ConfigureAwait(false));
            }
            catch (Exception e) when (e is LabSpecsException or OperationCanceledException)
            {
                Console.Error.WriteLine($"labspecs: removing what run {Id} made on its inventory hosts failed ({e.Message}); the next run on them removes it");
            }
        }

        foreach (var l in _locks) await l.DisposeAsync().ConfigureAwait(false);
        foreach (var h in _hosts.Concat(Clients)) h.Dispose();
        Ledger?.Delete();
    }

    public override string ToString() => $"{Id} ({Topology.Name} from {Path.GetFileName(Inventory.File)}: {string.Join(", ", _hosts.Select(h => $"{h.Name} {h.Address} via {h.Entry.Target}, Docker {_engineOf.GetValueOrDefault(h.Name, "?")}"))})";
}
