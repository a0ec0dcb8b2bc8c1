using LabSpecs.Core;
using LabSpecs.Drivers.Commands;

namespace LabSpecs.Drivers.Networking;

/// <summary>
/// Networking facts of one host (interfaces, routes, bridges, NAT, namespaces), read with iproute2/iptables through an
/// the host's <see cref="HostShell"/> (nsenter or SSH); each command is recorded as evidence.
/// </summary>
public sealed class HostNetwork(HostShell host, TimeSpan? timeout = null)
{
    private TimeSpan Timeout => timeout ?? Timeouts.Default.Exec;

    public string Where => host.Where;

    /// <summary><c>ip -d -j addr</c>: links with their addresses, master bridge, veth peer index and kind.</summary>
    public async Task<IReadOnlyList<NetworkInterface>> InterfacesAsync(CancellationToken ct = default) =>
        IpJsonParser.ParseInterfaces(await RunAsync("ip -d -j addr", ct).ConfigureAwait(false));

    /// <summary>The interface with that name; the error lists the names that exist.</summary>
    public async Task<NetworkInterface> InterfaceAsync(string name, CancellationToken ct = default)
    {
        var all = await InterfacesAsync(ct).ConfigureAwait(false);
        return all.FirstOrDefault(i => i.Name == name)
               ?? throw new LabSpecsException($"No interface '{name}' on {Where}; it has: {string.Join(", ", all.Select(i => i.Name))}");
    }

    public async Task<IReadOnlyList<Route>> RoutesAsync(CancellationToken ct = default) =>
        IpJsonParser.ParseRoutes(await RunAsync("ip -j route", ct).ConfigureAwait(false));

    /// <summary><c>bridge -j link</c>: every bridge port with its bridge and STP state.</summary>
    public async Task<IReadOnlyList<BridgePort>> BridgePortsAsync(CancellationToken ct = default) =>
        BridgeParser.ParseBridgeLinkJson(await RunAsync("bridge -j link", ct).ConfigureAwait(false));

    /// <summary><c>brctl show</c>, as the handbook shows bridges (needs bridge-utils on the host).</summary>
    public async Task<IReadOnlyList<BridgeInfo>> BrctlShowAsync(CancellationToken ct = default) =>
        BridgeParser.ParseBrctlShow(await RunAsync("brctl show", ct).ConfigureAwait(false));

    /// <summary>The names of the interfaces enslaved to <paramref name="bridge"/>.</summary>
    public async Task<IReadOnlyList<string>> BridgeMembersAsync(string bridge, CancellationToken ct = default) =>
        (await BridgePortsAsync(ct).ConfigureAwait(false)).Where(p => p.Bridge == bridge).Select(p => p.Interface).ToList();

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

    private async Task<string> RunAsync(string command, CancellationToken ct) =>
        (await host.RunAsync(command, Timeout, ct).ConfigureAwait(false)).EnsureSuccess().Stdout;
}
