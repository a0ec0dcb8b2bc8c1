using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Networking;

/// <summary>
/// Joins the docker0 bridges of two hosts at layer 2, the handbook's Open vSwitch lab: with OVS and a GRE port on real
/// hosts, or with a kernel VXLAN device enslaved to docker0 where the kernel has no GRE/OVS (same idea, UDP 4789 on the wire).
/// Every change registers its undo before it is made (a half-made change is undone too).
/// </summary>
public sealed class HostTunnels(IEvidenceSink evidence, ICleanupRegistry cleanups)
{
    private HostShell On(ILabHost h) => new(h, evidence);

    /// <summary><c>ip link add NAME type vxlan id VNI remote PEER dstport 4789; ip link set NAME master BRIDGE up</c>.</summary>
    public async Task AddVxlanToBridgeAsync(ILabHost host, string name, int vni, ILabHost peer, string bridge, CancellationToken ct = default)
    {
        Undo(host, $"remove {name} on {host.Name}", $"ip link del {name} 2>/dev/null; true");
        await On(host).MustAsync(
            $"ip link add {name} type vxlan id {vni} remote {peer.Address} local {host.Address} dstport 4789 && " +
            $"ip link set {name} master {bridge} && ip link set {name} up", ct: ct).ConfigureAwait(false);
    }

    /// <summary>The handbook's OVS setup: <c>ovs-vsctl add-br</c>, a veth pair between the OVS bridge and docker0.</summary>
    public async Task AddOvsBridgeLinkedToAsync(ILabHost host, string ovsBridge, string linuxBridge, CancellationToken ct = default)
    {
        Undo(host, $"remove {ovsBridge} on {host.Name}", $"ovs-vsctl --if-exists del-br {ovsBridge}; ip link del veth0 2>/dev/null; true");
        await On(host).MustAsync(
            $"ovs-vsctl add-br {ovsBridge} && ip link add veth0 type veth peer name veth1 && ovs-vsctl add-port {ovsBridge} veth1 && " +
            $"ip link set veth0 master {linuxBridge} && ip link set veth1 up && ip link set veth0 up", ct: ct).ConfigureAwait(false);
    }

    /// <summary><c>ovs-vsctl add-port BR gre0 -- set interface gre0 type=gre options:remote_ip=PEER</c>.</summary>
    public async Task AddGrePortAsync(ILabHost host, string ovsBridge, string port, ILabHost peer, CancellationToken ct = default)
    {
        Undo(host, $"remove {port} on {host.Name}", $"ovs-vsctl --if-exists del-port {ovsBridge} {port}");
        await On(host).MustAsync($"ovs-vsctl add-port {ovsBridge} {port} -- set interface {port} type=gre options:remote_ip={peer.Address}",
            ct: ct).ConfigureAwait(false);
    }

    private void Undo(ILabHost host, string what, string command) =>
        cleanups.RegisterCleanup(what, ct => On(host).RunAsync(command, Timeouts.Default.Cleanup, ct));
}
