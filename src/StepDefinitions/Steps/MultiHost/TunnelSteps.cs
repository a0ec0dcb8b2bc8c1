using LabSpecs.Drivers.MultiHost;
using Reqnroll;

namespace LabSpecs.Specs.Steps.MultiHost;

[Binding]
public sealed class TunnelSteps(MultiHostContext ctx)
{
    private readonly HostTunnels _tunnels = new(ctx.Evidence);

    [Given("on {string} a VXLAN tunnel {string} with VNI {int} to {string} on the bridge {string}")]
    public async Task GivenVxlanTunnel(string host, string name, int vni, string peer, string bridge)
    {
        var h = ctx.Host(host);
        var undo = await _tunnels.AddVxlanToBridgeAsync(h, name, vni, ctx.Host(peer), bridge);
        ctx.OnCleanup($"remove {name} on {host}", ct => ctx.Shell(h).RunAsync(undo, ct: ct));
    }

    [Given("on {string} an Open vSwitch bridge {string} linked to {string} by a veth pair")]
    public async Task GivenOvsBridge(string host, string ovsBridge, string linuxBridge)
    {
        var h = ctx.Host(host);
        ctx.OnCleanup($"remove {ovsBridge} on {host}",
            ct => ctx.Shell(h).RunAsync($"ovs-vsctl --if-exists del-br {ovsBridge}; ip link del veth0 2>/dev/null; true", ct: ct));
        await _tunnels.AddOvsBridgeLinkedToAsync(h, ovsBridge, linuxBridge);
    }

    [Given("on {string} a GRE port {string} on {string} to {string}")]
    public async Task GivenGrePort(string host, string port, string ovsBridge, string peer)
    {
        var h = ctx.Host(host);
        var undo = await _tunnels.AddGrePortAsync(h, ovsBridge, port, ctx.Host(peer));
        ctx.OnCleanup($"remove {port} on {host}", ct => ctx.Shell(h).RunAsync(undo, ct: ct));
    }
}
