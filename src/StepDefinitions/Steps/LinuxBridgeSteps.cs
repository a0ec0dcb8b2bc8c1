using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>The Linux bridges behind docker networks (docker0, br-&lt;id&gt;) and the veths attached to them, as brctl shows them.</summary>
[Binding]
public sealed class LinuxBridgeSteps(LabContext lab)
{
    [Then("the Linux bridge of the network {string} is {string}")]
    public async Task ThenTheLinuxBridgeOfTheNetworkIs(string network, string bridge) =>
        (await BridgeOf(network)).ShouldBe(bridge, $"docker network inspect {network} names its bridge");

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
        i.HasAddress(cidr).ShouldBeTrue($"{bridge} has: {string.Join(", ", i.Addresses.Select(a => a.Cidr))}");
    }

    [Then("the Linux bridge of the network {string} has the network's gateway address")]
    public async Task ThenTheLinuxBridgeHasTheGatewayAddress(string network)
    {
        var n = await lab.Docker.InspectNetworkAsync(network);
        var gateway = n.Ipam.FirstOrDefault()?.GatewayCidr;
        gateway.ShouldNotBeNull($"docker network inspect {network} names no gateway: {string.Join(", ", n.Ipam)}");
        await ThenTheLinuxBridgeOfTheNetworkHasTheAddress(network, gateway);
    }

    [Then("the Linux bridge {string} has no interfaces")]
    public async Task ThenTheLinuxBridgeHasNoInterfaces(string bridge) => (await Members(bridge)).ShouldBeEmpty($"brctl show {bridge}");

    [Then("the Linux bridge of the network {string} has no interfaces")]
    public async Task ThenTheLinuxBridgeOfTheNetworkHasNoInterfaces(string network) =>
        await ThenTheLinuxBridgeHasNoInterfaces(await BridgeOf(network));

    [Then("the Linux bridge {string} has {int} interface(s)")]
    public async Task ThenTheLinuxBridgeHasInterfaces(string bridge, int count)
    {
        var members = await Members(bridge);
        members.Count.ShouldBe(count, $"brctl show {bridge} lists: {string.Join(", ", members)}");
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
        outside.Name.ShouldStartWith("veth");
        (await Members(bridge)).ShouldContain(outside.Name, $"{container}'s veth is {outside}");
    }

    [Then("the host side of the veth pair of {string} is attached to the Linux bridge of the network {string}")]
    public async Task ThenTheHostSideIsAttachedToTheBridgeOf(string container, string network) =>
        await ThenTheHostSideOfTheVethIsAttachedTo(container, await BridgeOf(network));

    private async Task<string> BridgeOf(string network) => (await lab.Docker.InspectNetworkAsync(network)).LinuxBridge;

    private Task<IReadOnlyList<string>> Members(string bridge) => lab.Network.BridgeMembersAsync(bridge);
}
