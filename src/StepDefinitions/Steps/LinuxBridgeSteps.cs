using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps;

/// <summary>The Linux bridges behind docker networks (docker0, br-&lt;id&gt;) and the veths attached to them, as brctl shows them.</summary>
[Binding]
public sealed class LinuxBridgeSteps(LabContext lab)
{
    [Then("the Linux bridge of the network {string} is {string}")]
    public async Task ThenTheLinuxBridgeOfTheNetworkIs(string network, string bridge) =>
        lab.Expect.Equal(await BridgeOf(network), bridge, $"the Linux bridge of the network {network} should be {bridge}");

    [Then("the Linux bridge of the network {string} is named after the network's ID")]
    public async Task ThenTheLinuxBridgeIsNamedAfterTheId(string network)
    {
        var n = await lab.Docker.InspectNetworkAsync(network);
        var bridge = LabFacts.BridgeNamedAfterId(n, await lab.Network.InterfacesAsync(), lab.Host.Name);
        lab.Evidence.Record(new EvidenceItem("bridge", $"{network} has ID {n.Id}; {lab.Host.Name} has the Linux bridge {bridge.Name}"));
    }

    [Then("the Linux bridge of the network {string} has the address {string}")]
    public async Task ThenTheLinuxBridgeOfTheNetworkHasTheAddress(string network, string cidr)
    {
        var bridge = await BridgeOf(network);
        var i = (await lab.Network.IpAddrAsync()).Named(bridge, $"on {lab.Host.Name}");
        lab.Expect.Contains(i.Addresses.Select(a => a.Cidr), cidr, $"the Linux bridge {bridge} on {lab.Host.Name} should have the address {cidr}", "addresses");
    }

    [Then("the Linux bridge of the network {string} has the network's gateway address")]
    public async Task ThenTheLinuxBridgeHasTheGatewayAddress(string network)
    {
        var n = await lab.Docker.InspectNetworkAsync(network);
        var gateway = n.Ipam.FirstOrDefault()?.GatewayCidr;
        lab.Expect.That(gateway is not null, $"docker network inspect {network} should name a gateway", () => $"its IPAM shows {string.Join(", ", n.Ipam)}");
        await ThenTheLinuxBridgeOfTheNetworkHasTheAddress(network, gateway!);
    }

    [Then("the Linux bridge {string} has no interfaces")]
    public async Task ThenTheLinuxBridgeHasNoInterfaces(string bridge) =>
        lab.Expect.Empty(await Members(bridge), $"brctl show {bridge} on {lab.Host.Name} should list no interfaces", "interfaces");

    [Then("the Linux bridge of the network {string} has no interfaces")]
    public async Task ThenTheLinuxBridgeOfTheNetworkHasNoInterfaces(string network) =>
        await ThenTheLinuxBridgeHasNoInterfaces(await BridgeOf(network));

    [Then("the Linux bridge {string} has {int} interface(s)")]
    public async Task ThenTheLinuxBridgeHasInterfaces(string bridge, int count)
    {
        var members = await Members(bridge);
        lab.Expect.That(members.Count == count, $"brctl show {bridge} on {lab.Host.Name} should list {count} interfaces", () => $"it lists {Expectation.Listing(members, "interfaces")}");
    }

    [Then("the Linux bridge of the network {string} has {int} interface(s)")]
    public async Task ThenTheLinuxBridgeOfTheNetworkHasInterfaces(string network, int count) =>
        await ThenTheLinuxBridgeHasInterfaces(await BridgeOf(network), count);

    [Then("the host side of the veth pair of {string} is attached to {string}")]
    public async Task ThenTheHostSideOfTheVethIsAttachedTo(string container, string bridge)
    {
        var eth0 = (await lab.Docker.ContainerInterfacesAsync(container)).Named("eth0", $"in container {container}");
        var outside = await lab.Network.VethPeerOfAsync(eth0)
                      ?? throw new LabSpecsException($"eth0 of {container} ({eth0}) has no peer among the interfaces of {lab.Host.Name}");
        lab.Expect.That(outside.Name.StartsWith("veth", StringComparison.Ordinal), $"the host side of {container}'s eth0 should be a veth", () => $"it is {outside}");
        lab.Expect.Contains(await Members(bridge), outside.Name, $"brctl show {bridge} should list {outside.Name}, the host side of the veth pair of {container}", "interfaces");
    }

    [Then("the host side of the veth pair of {string} is attached to the Linux bridge of the network {string}")]
    public async Task ThenTheHostSideIsAttachedToTheBridgeOf(string container, string network) =>
        await ThenTheHostSideOfTheVethIsAttachedTo(container, await BridgeOf(network));

    private async Task<string> BridgeOf(string network) => (await lab.Docker.InspectNetworkAsync(network)).LinuxBridge;

    private Task<IReadOnlyList<string>> Members(string bridge) => lab.Network.BridgeMembersAsync(bridge);
}
