using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.MultiHost;

/// <summary>
/// Joins the docker0 bridges of two hosts at layer 2, the handbook's Open vSwitch lab: with OVS and a GRE port on real
/// hosts, or with a kernel VXLAN device enslaved to docker0 where the kernel has no GRE/OVS (same idea, UDP 4789 on the wire).
/// Every change returns the commands that undo it, so the caller can register them for cleanup.
/// </summary>
public sealed class HostTunnels(IEvidenceSink evidence)
{
    private HostShell On(ILabHost h) => new(h, evidence);

    /// <summary><c>ip link add NAME type vxlan id VNI remote PEER dstport 4789; ip link set NAME master BRIDGE up</c>.</summary>
    public async Task<string> AddVxlanToBridgeAsync(ILabHost host, string name, int vni, ILabHost peer, string bridge, CancellationToken ct = default)
    {
        await On(host).MustAsync(
            $"ip link add {name} type vxlan id {vni} remote {peer.Address} local {host.Address} dstport 4789 && " +
            $"ip link set {name} master {bridge} && ip link set {name} up", ct: ct).ConfigureAwait(false);
        return $"ip link del {name}";
    }

    /// <summary>The handbook's OVS setup: <c>ovs-vsctl add-br</c>, a veth pair between the OVS bridge and docker0.</summary>
    public async Task<string> AddOvsBridgeLinkedToAsync(ILabHost host, string ovsBridge, string linuxBridge, CancellationToken ct = default)
    {
        await On(host).MustAsync(
            $"ovs-vsctl add-br {ovsBridge} && ip link add veth0 type veth peer name veth1 && ovs-vsctl add-port {ovsBridge} veth1 && " +
            $"ip link set veth0 master {linuxBridge} && ip link set veth1 up && ip link set veth0 up", ct: ct).ConfigureAwait(false);
        return $"ovs-vsctl --if-exists del-br {ovsBridge}; ip link del veth0 2>/dev/null; true";
    }

    /// <summary><c>ovs-vsctl add-port BR gre0 -- set interface gre0 type=gre options:remote_ip=PEER</c>.</summary>
    public async Task<string> AddGrePortAsync(ILabHost host, string ovsBridge, string port, ILabHost peer, CancellationToken ct = default)
    {
        await On(host).MustAsync($"ovs-vsctl add-port {ovsBridge} {port} -- set interface {port} type=gre options:remote_ip={peer.Address}",
            ct: ct).ConfigureAwait(false);
        return $"ovs-vsctl --if-exists del-port {ovsBridge} {port}";
    }
}
