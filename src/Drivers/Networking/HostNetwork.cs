using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Drivers.Ping;

namespace LabSpecs.Drivers.Networking;

/// <summary>
/// Networking facts of one host (interfaces, routes, bridges, NAT, namespaces), read with iproute2/iptables through an
/// the host's <see cref="HostShell"/> (nsenter or SSH); each command is recorded as evidence.
/// </summary>
public sealed class HostNetwork(HostShell host, ICleanupRegistry? cleanups = null, TimeSpan? timeout = null)
{
    private TimeSpan Timeout => timeout ?? Timeouts.Default.Exec;

    public string Where => host.Where;

    /// <summary><c>ip -d -j addr</c>: links with their addresses, master bridge, veth peer index and kind.</summary>
    public async Task<IReadOnlyList<NetworkInterface>> InterfacesAsync(CancellationToken ct = default) =>
        IpJsonParser.ParseInterfaces(await RunAsync("ip -d -j addr", ct).ConfigureAwait(false));

    /// <summary>The interface with that name; the error lists the names that exist.</summary>
    public async Task<NetworkInterface> InterfaceAsync(string name, CancellationToken ct = default) =>
        (await InterfacesAsync(ct).ConfigureAwait(false)).Named(name, $"on {Where}");

    /// <summary><c>ip addr</c> as the handbook reads it, on the host or inside one of its network namespaces (<c>ip netns exec NS ip addr</c>).</summary>
    public async Task<IReadOnlyList<NetworkInterface>> IpAddrAsync(string? netns = null, CancellationToken ct = default) =>
        IpTextParser.ParseAddr(await RunAsync(netns is null ? "ip addr" : $"{InNamespace(netns)} ip addr", ct).ConfigureAwait(false));

    /// <summary>
    /// Waits until <c>ip addr</c> (on the host or in a namespace) shows the interface <paramref name="name"/> as <paramref name="what"/>
    /// says (link states settle a moment after <c>ip link set up</c>: carrier, peer); the wait records what each attempt saw.
    /// </summary>
    public async Task<NetworkInterface> WaitForInterfaceAsync(string name, string what, Func<NetworkInterface, bool> condition, string? netns = null,
        CancellationToken ct = default)
    {
        var where = netns is null ? $"on {Where}" : $"in namespace {netns} on {Where}";
        var command = netns is null ? "ip addr" : $"{InNamespace(netns)} ip addr";
        var outcome = await Eventually.UntilAsync($"interface {name} {where} is {what}",
            async c => IpTextParser.ParseAddr((await host.QuietAsync(command, Timeout, c).ConfigureAwait(false)).EnsureSuccess().Stdout).Named(name, where),
            condition, Timeouts.Default.Assert, describeValue: i => $"ip addr shows <{string.Join(',', i.Flags)}> {i}", ct: ct, evidence: host.Evidence)
            .ConfigureAwait(false);
        return outcome.Value;
    }

    /// <summary><c>ip netns add NS</c>; registers its deletion.</summary>
    public Task AddNamespaceAsync(string netns, CancellationToken ct = default)
    {
        Undo($"delete network namespace {netns}", $"ip netns delete {Q(netns)} 2>/dev/null || true");
        return RunAsync($"ip netns add {Q(netns)}", ct);
    }

    public Task DeleteNamespaceAsync(string netns, CancellationToken ct = default) => RunAsync($"ip netns delete {Q(netns)}", ct);

    /// <summary><c>ip link add A type veth peer name B</c>; registers the pair's deletion (deleting one end deletes both).</summary>
    public Task AddVethPairAsync(string name, string peer, CancellationToken ct = default)
    {
        Undo($"delete veth {name}", $"ip link del {Q(name)} 2>/dev/null || true");
        return RunAsync($"ip link add {Q(name)} type veth peer name {Q(peer)}", ct);
    }

    public Task MoveToNamespaceAsync(string name, string netns, CancellationToken ct = default) => RunAsync($"ip link set {Q(name)} netns {Q(netns)}", ct);

    /// <summary><c>ip addr add CIDR dev NAME</c>, on the host or in a namespace.</summary>
    public Task AddAddressAsync(string cidr, string name, string? netns = null, CancellationToken ct = default) =>
        RunAsync($"{Prefix(netns)}ip addr add {Q(cidr)} dev {Q(name)}", ct);

    /// <summary><c>ip link set dev NAME up</c>, on the host or in a namespace.</summary>
    public Task SetUpAsync(string name, string? netns = null, CancellationToken ct = default) => RunAsync($"{Prefix(netns)}ip link set dev {Q(name)} up", ct);

    /// <summary>The handbook's <c>ls -l /proc/PID/ns</c>: the namespaces a process lives in.</summary>
    public Task<ExecResult> ProcessNamespacesAsync(int pid, CancellationToken ct = default) => host.MustAsync($"ls -l /proc/{pid}/ns", Timeout, ct);

    /// <summary>Makes a process's network namespace visible to <c>ip netns</c> (a link in /var/run/netns); registers its removal.</summary>
    public Task ExposeNamespaceOfAsync(int pid, string netns, CancellationToken ct = default)
    {
        Undo($"remove /var/run/netns/{netns}", $"rm -f /var/run/netns/{Q(netns)}");
        return RunAsync($"mkdir -p /var/run/netns && ln -s /proc/{pid}/ns/net /var/run/netns/{Q(netns)}", ct);
    }

    /// <summary><c>brctl show [BRIDGE]</c>, as the handbook shows bridges (needs bridge-utils on the host).</summary>
    public async Task<IReadOnlyList<BridgeInfo>> BrctlShowAsync(string? bridge = null, CancellationToken ct = default) =>
        BridgeParser.ParseBrctlShow(await RunAsync(bridge is null ? "brctl show" : $"brctl show {Q(bridge)}", ct).ConfigureAwait(false));

    /// <summary>The interfaces attached to a Linux bridge, as <c>brctl show BRIDGE</c> lists them.</summary>
    public async Task<IReadOnlyList<string>> BridgeMembersAsync(string bridge, CancellationToken ct = default) =>
        ((await BrctlShowAsync(bridge, ct).ConfigureAwait(false)).FirstOrDefault(b => b.Name == bridge)
         ?? throw new LabSpecsException($"brctl show on {Where} has no bridge {bridge}")).Interfaces;

    /// <summary><c>iptables -t nat -S</c>.</summary>
    public async Task<NatTable> NatTableAsync(CancellationToken ct = default) =>
        NatRuleParser.Parse(await RunAsync("iptables -t nat -S", ct).ConfigureAwait(false));

    public async Task<IReadOnlyList<NetworkNamespace>> NamespacesAsync(CancellationToken ct = default) =>
        IpTextParser.ParseNetnsList(await RunAsync("ip netns list", ct).ConfigureAwait(false));

    /// <summary>
    /// The host side of a container's veth: the host interface whose ifindex is the container interface's peer index
    /// (container <c>eth0@if7</c> ↔ host ifindex 7).
    /// </summary>
    public async Task<NetworkInterface?> VethPeerOfAsync(NetworkInterface containerSide, CancellationToken ct = default)
    {
        if (containerSide.PeerIndex is not { } peer) return null;
        return (await InterfacesAsync(ct).ConfigureAwait(false)).FirstOrDefault(i => i.Index == peer);
    }

    /// <summary><c>/proc/sys/net/ipv4/ip_local_port_range</c>: the ephemeral ports Docker picks random host ports from.</summary>
    public async Task<string> LocalPortRangeAsync(CancellationToken ct = default) =>
        await RunAsync("cat /proc/sys/net/ipv4/ip_local_port_range", ct).ConfigureAwait(false);

    /// <summary>
    /// The handbook's ping, <c>ping -c COUNT</c>, with its packets 0.2 s apart instead of 1 s (<c>-i 0.2</c>, root may; busybox and
    /// iputils alike) and 2 s for an answer (<c>-W 2</c>): the same packets and the same verdict, sooner (figures: README.md,
    /// "What each change bought").
    /// </summary>
    public static string PingCommand(string target, int count = 3) => $"ping -c {count} -i 0.2 -W 2 {LocalProcess.Quote(target)}";

    /// <summary>Pings from the host, or from one of its network namespaces (<c>ip netns exec NS ping …</c>); loss is a result.</summary>
    public async Task<PingResult> PingAsync(string target, string? netns = null, int count = 3, CancellationToken ct = default)
    {
        var ping = PingCommand(target, count);
        var r = await host.RunAsync(netns is null ? ping : $"{InNamespace(netns)} {ping}", TimeSpan.FromSeconds(count * 3 + 5), ct).ConfigureAwait(false);
        return PingResult.Of(r);
    }

    /// <summary>The prefix that runs a command inside a named network namespace of the host.</summary>
    public static string InNamespace(string netns) => $"ip netns exec {LocalProcess.Quote(netns)}";

    private static string Prefix(string? netns) => netns is null ? "" : InNamespace(netns) + " ";

    private static string Q(string word) => LocalProcess.Quote(word);

    private void Undo(string what, string command)
    {
        if (cleanups is null) throw new LabSpecsException($"{Where}: '{what}' needs a cleanup registry (HostNetwork made without one)");
        cleanups.RegisterCleanup(what, ct => host.RunAsync(command, LabSpecs.Core.Timeouts.Default.Cleanup, ct));
    }

    private async Task<string> RunAsync(string command, CancellationToken ct) =>
        (await host.RunAsync(command, Timeout, ct).ConfigureAwait(false)).EnsureSuccess().Stdout;
}
