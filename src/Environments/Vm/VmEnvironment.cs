using LabSpecs.Core;
using LabSpecs.Environments.Embedded;
using LabSpecs.Environments.Inventory;

namespace LabSpecs.Environments.Vm;

/// <summary>
/// A running VM environment: the underlay namespace with its bridge and registry (as an embedded environment's), a qemu VM
/// per host, and the hosts reached only as a user reaches Vagrant boxes: an inventory of this machine's loopback ports forwarded
/// to each VM's sshd, read by the inventory provider (<see cref="Inner"/>: SSH sessions with pinned host keys, sudo, the Docker
/// API over <c>docker system dial-stdio</c>, every change undone, only what the run labelled removed). No nsenter into a VM.
/// </summary>
public sealed class VmEnvironment : ILabEnvironment, IUnderlayEnvironment
{
    private readonly Dictionary<string, QemuHost> _vms;
    private readonly List<SshForwarder> _forwarders;
    private readonly HashSet<string> _cutLinks = new(StringComparer.Ordinal);
    private int _disposed;

    internal VmEnvironment(LabPaths paths, TopologySpec topology, IReadOnlyList<QemuHost> vms, List<SshForwarder> forwarders, InventoryEnvironment inner,
        Images.HostImage image, Accelerator accelerator)
    {
        Paths = paths;
        Topology = topology;
        _vms = vms.ToDictionary(v => v.Name);
        _forwarders = forwarders;
        Inner = inner;
        Image = image;
        Accelerator = accelerator;
    }

    public string Id => Paths.Id;

    public LabPaths Paths { get; }

    public TopologySpec Topology { get; }

    /// <summary>The hosts as the inventory provider holds them (over the VMs' forwarded sshd ports).</summary>
    public InventoryEnvironment Inner { get; }

    public Images.HostImage Image { get; }

    public Accelerator Accelerator { get; }

    /// <summary>The inventory file that reaches the VMs (this process's forwarded ports), as <c>run -Inventory</c> reads one.</summary>
    public string InventoryFile => Path.Combine(Paths.Runtime, "inventory.yml");

    public IReadOnlyList<ILabHost> Hosts => Inner.Hosts;

    public Capabilities Capabilities => Inner.Capabilities;

    /// <summary>VMs take a minute to boot under TCG: every change is undone, as on real hosts.</summary>
    public bool Replaceable => false;

    public string SshUser => VmSeed.User;

    public ILabHost Host(string name) => Inner.Host(name);

    public (string Type, string Base64) HostPublicKey(string host)
    {
        var pub = File.ReadAllText(VmSeed.HostKeyPub(Paths, Vm(host).Name)).Split(' ');
        return (pub[0], pub[1].Trim());
    }

    private QemuHost Vm(string name) =>
        _vms.TryGetValue(name, out var vm) ? vm : throw new LabSpecsException($"No host '{name}' in topology {Topology.Name}; valid: {string.Join(", ", _vms.Keys)}");

    /// <summary>On the underlay namespace itself, like an embedded environment's: its bridge sees every VM's traffic.</summary>
    public Task<ExecResult> ExecOnUnderlayAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default, ILabHost? near = null) =>
        Underlay.ExecAsync(Paths, command, timeout, ct);

    /// <summary>Pulls the VM's plug (qemu killed, no shutdown).</summary>
    public Task StopHostAsync(string name, CancellationToken ct = default) => Vm(name).KillAsync(ct);

    /// <summary>Boots the VM again from its disk as the power cut left it; the host's SSH session reconnects on its next command.</summary>
    public async Task StartHostAsync(string name, CancellationToken ct = default)
    {
        var vm = Vm(name);
        if (vm.Running) return;
        await vm.LaunchAsync(ct).ConfigureAwait(false);
        await vm.WaitReadyAsync(VmProvider.BootDeadline(Accelerator), ct).ConfigureAwait(false);
    }

    /// <summary>The VM's tap goes down on the underlay bridge: what it sends and what is sent to it is dropped, as with an unplugged cable.</summary>
    public async Task CutLinkAsync(string name, CancellationToken ct = default)
    {
        lock (_cutLinks) _cutLinks.Add(name);
        await Sh.MustAsync($"ip -n {Paths.UnderlayNetns} link set {Vm(name).Tap} down", ct: ct).ConfigureAwait(false);
    }

    public async Task RestoreLinkAsync(string name, CancellationToken ct = default)
    {
        await Sh.MustAsync($"ip -n {Paths.UnderlayNetns} link set {Vm(name).Tap} up", ct: ct).ConfigureAwait(false);
        lock (_cutLinks) _cutLinks.Remove(name);
    }

    /// <summary>Stopped VMs boot again, cut links come back, then what the run made is removed as on any inventory host.</summary>
    public async Task ResetAsync(CancellationToken ct = default)
    {
        foreach (var vm in _vms.Values.Where(v => !v.Running)) await StartHostAsync(vm.Name, ct).ConfigureAwait(false);
        List<string> cut;
        lock (_cutLinks) cut = [.. _cutLinks];
        foreach (var name in cut) await RestoreLinkAsync(name, ct).ConfigureAwait(false);
        await Inner.ResetAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// For a detached environment (<c>env up</c>): lets go of the hosts (SSH sessions, host locks, the inventory ledger, this
    /// process's forwarded ports) and leaves the VMs running for whoever reaches them next.
    /// </summary>
    public async Task LetGoAsync()
    {
        await Inner.DisposeAsync().ConfigureAwait(false);
        foreach (var f in _forwarders) await f.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await Inner.DisposeAsync().ConfigureAwait(false);
        foreach (var f in _forwarders) await f.DisposeAsync().ConfigureAwait(false);
        await Teardown.RemoveAsync(Id).ConfigureAwait(false);
    }

    public override string ToString() =>
        $"{Id} ({Topology.Name} on {_vms.Count} qemu VM(s), {Accelerator.Name}: {string.Join(", ", _vms.Values.Select(v => $"{v.Name} {v.Address}"))}; engine {Image.EngineDescription})";
}
