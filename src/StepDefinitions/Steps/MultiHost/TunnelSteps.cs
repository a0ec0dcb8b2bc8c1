using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps.MultiHost;

[Binding]
public sealed class TunnelSteps(LabContext lab)
{
    private HostTunnels Tunnels => new(lab.Evidence, lab);

    [Given("on {string} a VXLAN tunnel {string} with VNI {int} to {string} on the bridge {string}")]
    public Task GivenVxlanTunnel(string host, string name, int vni, string peer, string bridge) =>
        Tunnels.AddVxlanToBridgeAsync(lab.HostNamed(host), name, vni, lab.HostNamed(peer), bridge);

    [Given("on {string} an Open vSwitch bridge {string} linked to {string} by a veth pair")]
    public Task GivenOvsBridge(string host, string ovsBridge, string linuxBridge) =>
        Tunnels.AddOvsBridgeLinkedToAsync(lab.HostNamed(host), ovsBridge, linuxBridge);

    [Given("on {string} a GRE port {string} on {string} to {string}")]
    public Task GivenGrePort(string host, string port, string ovsBridge, string peer) =>
        Tunnels.AddGrePortAsync(lab.HostNamed(host), ovsBridge, port, lab.HostNamed(peer));
}
