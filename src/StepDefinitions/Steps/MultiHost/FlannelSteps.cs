using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LabSpecs.Drivers.Docker;
using LabSpecs.Drivers.Flannel;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;

namespace LabSpecs.Specs.Steps.MultiHost;

/// <summary>The flannel lab: flanneld on each host (a binary the host must have), docker0 moved into the host's flannel subnet.</summary>
[Binding]
public sealed class FlannelSteps(LabContext lab, EtcdDriver etcd)
{
    private Flanneld Flanneld => new(lab.Evidence, lab);

    private FlannelByHand ByHand => new(etcd.Cluster, lab.Evidence, lab);

    [When("flanneld runs on {string} and {string}")]
    public async Task WhenFlanneldRuns(string first, string second)
    {
        foreach (var h in new[] { first, second }) await Flanneld.StartAsync(lab.HostNamed(h));
    }

    [Then("on {string} the interface {string} has the MTU {int}")]
    public async Task ThenInterfaceMtu(string host, string iface, int mtu) =>
        lab.Expect.Equal((await lab.NetworkOn(host).IpAddrAsync()).Named(iface, $"on {host}").Mtu, mtu, $"on {host} the interface {iface} should have the MTU {mtu}");

    [Given("the docker engines on {string} and {string} are restarted inside their flannel subnets")]
    public async Task GivenEnginesInFlannelSubnets(string first, string second)
    {
        foreach (var h in new[] { lab.HostNamed(first), lab.HostNamed(second) })
        {
            var subnet = await Flanneld.SubnetAsync(h);
            await new DockerDaemonSettings(h, lab.Evidence, lab).ApplyAsync(new Dictionary<string, JsonNode?>
            {
                ["bip"] = subnet.Subnet,
                ["mtu"] = subnet.Mtu,
            });
        }
    }

    [Given("on {string} the subnet {string} is leased in etcd, with the VXLAN device {string} on VNI {int} and UDP port {int}")]
    public Task GivenLease(string host, string subnet, string device, int vni, int port) =>
        ByHand.LeaseAsync(lab.HostNamed(host), System.Net.IPNetwork.Parse(subnet), device, vni, port, "10.0.0.0/8");

    [Given("on {string} and {string} the other host's subnet is routed through {string}, from its lease in etcd")]
    public async Task GivenRoutes(string first, string second, string device)
    {
        foreach (var h in new[] { first, second }) await ByHand.RouteToPeersAsync(lab.HostNamed(h), device);
    }
}
