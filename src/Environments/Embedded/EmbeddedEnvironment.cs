using System.Diagnostics;
using System.Net;
using LabSpecs.Core;

namespace LabSpecs.Environments.Embedded;

/// <summary>A running embedded environment: an underlay namespace with a bridge, and hosts made of namespaces on it.</summary>
public sealed class EmbeddedEnvironment : ILabEnvironment, IUnderlayEnvironment
{
    private readonly Dictionary<string, EmbeddedHost> _hosts;
    private readonly List<SshForwarder> _forwarders = [];
    private readonly string _bootScript;
    private int _disposed;

    internal EmbeddedEnvironment(LabPaths paths, TopologySpec topology, IReadOnlyList<EmbeddedHost> hosts, string bootScript, Images.HostImage image)
    {
        Image = image;
        Paths = paths;
        Topology = topology;
        _hosts = hosts.ToDictionary(h => h.Name);
        Hosts = hosts;
        _bootScript = bootScript;
    }

    public string Id => Paths.Id;

    public LabPaths Paths { get; }

    /// <summary>The host image every host boots from: its engine (name and <c>docker version</c>) and packages.</summary>
    public Images.HostImage Image { get; }

    public TopologySpec Topology { get; }

    public IReadOnlyList<ILabHost> Hosts { get; }

    /// <summary>Made in about a second from namespaces: cheaper to replace than an engine restart or a swarm to undo.</summary>
    public bool Replaceable => true;

    public Capabilities Capabilities { get; internal set; } = new(new HashSet<string>(), new Dictionary<string, string>());

    public string UnderlayNetnsPath => "/run/netns/" + Paths.UnderlayNetns;

    /// <summary>The registry every host uses as its Docker Hub mirror.</summary>
    public string RegistryEndpoint => $"{UnderlayAddresses.Registry(Topology)}:5000";

    /// <summary>What a person types to reach a host: <c>ip netns exec ls-xxxxxx-u ssh root@192.168.205.11</c>.</summary>
    public string SshCommand(string host) => $"ip netns exec {Paths.UnderlayNetns} ssh root@{Host(host).Address}";

    public ILabHost Host(string name) =>
        _hosts.TryGetValue(name, out var h)
            ? h
            : throw new LabSpecsException($"No host '{name}' in topology {Topology.Name} ({Topology.SourceFile}); valid: {string.Join(", ", _hosts.Keys)}");

    public string SshUser => "root";

    /// <summary>A host's sshd public key: its type and base64 blob, as known_hosts stores it.</summary>
    public (string Type, string Base64) HostPublicKey(string host)
    {
        var pub = File.ReadAllText(HostFiles.HostKeyPub(Paths, Host(host).Name)).Split(' ');
        return (pub[0], pub[1].Trim());
    }

    private EmbeddedHost EmbeddedHostNamed(string name) => (EmbeddedHost)Host(name);

    internal void AddForwarder(EmbeddedHost host)
    {
        var f = new SshForwarder(UnderlayNetnsPath, new IPEndPoint(host.Address, 22));
        _forwarders.Add(f);
        host.Ssh = host.Ssh with { Host = "127.0.0.1", Port = f.Port };
    }

    public async Task<ExecResult> ExecOnUnderlayAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default, ILabHost? near = null)
    {
        // ip netns exec (not nsenter): it applies /etc/netns/UNDERLAY (ssh config, known hosts, host names).
        return await Underlay.ExecAsync(Paths, command, timeout, ct).ConfigureAwait(false);
    }

    public async Task StopHostAsync(string name, CancellationToken ct = default) => await EmbeddedHostNamed(name).KillAsync(ct).ConfigureAwait(false);

    public async Task StartHostAsync(string name, CancellationToken ct = default)
    {
        var host = EmbeddedHostNamed(name);
        if (host.Running) return;
        await host.LaunchAsync(_bootScript, ct).ConfigureAwait(false);
        await host.WaitReadyAsync(UnderlayNetnsPath, Timeouts.Default.Provision, ct).ConfigureAwait(false);
    }

    private readonly HashSet<string> _cutLinks = new(StringComparer.Ordinal);

    public async Task CutLinkAsync(string name, CancellationToken ct = default)
    {
        lock (_cutLinks) _cutLinks.Add(name); // before: a cut that half happened is restored too
        await Sh.MustAsync($"ip -n {Paths.UnderlayNetns} link set {LabPaths.UnderlayLinkName(EmbeddedHostNamed(name).Name)} down", ct: ct).ConfigureAwait(false);
    }

    public async Task RestoreLinkAsync(string name, CancellationToken ct = default)
    {
        await Sh.MustAsync($"ip -n {Paths.UnderlayNetns} link set {LabPaths.UnderlayLinkName(EmbeddedHostNamed(name).Name)} up", ct: ct).ConfigureAwait(false);
        lock (_cutLinks) _cutLinks.Remove(name);
    }

    /// <summary>The hosts whose underlay link <see cref="CutLinkAsync"/> cut and nothing restored yet (only this class changes links).</summary>
    private List<string> CutLinks()
    {
        lock (_cutLinks) return [.. _cutLinks];
    }

    /// <summary>
    /// Leaves swarm, removes containers, volumes and user-defined networks on every running host (the hosts are the run's own:
    /// <see cref="EngineCleaning.Everything"/>), starts stopped hosts and restores cut links; images stay cached.
    /// </summary>
    public async Task ResetAsync(CancellationToken ct = default)
    {
        var running = _hosts.Values.Where(h => h.Running).ToList();
        await Task.WhenAll(running.Select(h => EngineCleaner.CleanAsync(h, EngineCleaning.Everything, Timeouts.Default.Cleanup, ct))).ConfigureAwait(false);
        foreach (var h in _hosts.Values.Where(h => !h.Running)) await StartHostAsync(h.Name, ct).ConfigureAwait(false);
        foreach (var name in CutLinks()) await RestoreLinkAsync(name, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var h in _hosts.Values) h.CloseSession();
        foreach (var f in _forwarders) await f.DisposeAsync().ConfigureAwait(false);
        await Teardown.RemoveAsync(Id).ConfigureAwait(false);
    }

    /// <summary>Synchronous teardown for process-exit handlers, where no async continuation may run.</summary>
    public void DisposeNow() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public override string ToString() => $"{Id} ({Topology.Name}: {string.Join(", ", Hosts.Select(h => $"{h.Name} {h.Address}"))}; engine {Image.EngineDescription})";

    internal static Stopwatch Clock() => Stopwatch.StartNew();
}
