using System.Net;
using LabSpecs.Core;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>Interfaces, their state and addresses: on the docker host, in a network namespace, in a container.</summary>
[Binding]
public sealed class InterfaceSteps(LabContext lab)
{
    [Then("the docker host has the interface {string}")]
    public async Task ThenTheDockerHostHasTheInterface(string name) =>
        Interfaces.Named(await Interfaces.OnHostAsync(lab), name, $"on {lab.Host.Name}");

    [Then("the docker host does not have the interface {string}")]
    public async Task ThenTheDockerHostDoesNotHaveTheInterface(string name)
    {
        var all = await Interfaces.OnHostAsync(lab);
        all.Select(i => i.Name).ShouldNotContain(name, $"{lab.Host.Name} has: {Interfaces.Names(all)}");
    }

    [Then("the interface {string} is {word}")]
    public Task ThenTheInterfaceIs(string name, string state) =>
        EventuallyInState(name, state, $"on {lab.Host.Name}", () => Interfaces.OnHostAsync(lab));

    [Then("the interface {string} in namespace {string} is {word}")]
    public Task ThenTheInterfaceInNamespaceIs(string name, string ns, string state) =>
        EventuallyInState(name, state, $"in namespace {ns}", () => Interfaces.InNamespaceAsync(lab, ns));

    [Then("the interface {string} has no carrier")]
    public async Task ThenTheInterfaceHasNoCarrier(string name)
    {
        await Eventually.UntilAsync($"interface {name} on {lab.Host.Name} is up without carrier",
            async _ => Interfaces.Named(await Interfaces.OnHostAsync(lab), name, $"on {lab.Host.Name}"),
            i => i.Flags.Contains("UP") && i.Flags.Contains("NO-CARRIER") && !i.Flags.Contains("LOWER_UP"), Timeouts.Default.Assert,
            describeValue: i => $"ip addr shows <{string.Join(',', i.Flags)}> {i}", evidence: lab.Evidence);
    }

    [Then("the interface {string} has the address {string}")]
    public async Task ThenTheInterfaceHasTheAddress(string name, string cidr) =>
        Address(Interfaces.Named(await Interfaces.OnHostAsync(lab), name, $"on {lab.Host.Name}"), cidr);

    [Then("the interface {string} in namespace {string} has the address {string}")]
    public async Task ThenTheInterfaceInNamespaceHasTheAddress(string name, string ns, string cidr) =>
        Address(Interfaces.Named(await Interfaces.InNamespaceAsync(lab, ns), name, $"in namespace {ns}"), cidr);

    [Then("the interface {string} in container {string} has the address {string}")]
    public async Task ThenTheInterfaceInContainerHasTheAddress(string name, string container, string cidr) =>
        Address(Interfaces.Named(await Interfaces.InContainerAsync(lab, container), name, $"in container {container}"), cidr);

    [Then("the interface {string} in container {string} has an address in {string}")]
    public async Task ThenTheInterfaceInContainerHasAnAddressIn(string name, string container, string subnet)
    {
        var i = Interfaces.Named(await Interfaces.InContainerAsync(lab, container), name, $"in container {container}");
        var net = IPNetwork.Parse(subnet);
        i.IPv4.Any(a => net.Contains(a.Address)).ShouldBeTrue($"{name} in {container} has: {string.Join(", ", i.Addresses.Select(a => a.Cidr))}");
    }

    [Then("the interface {string} in container {string} has an address in the subnet of the network {string}")]
    public async Task ThenTheInterfaceInContainerHasAnAddressInTheSubnetOf(string name, string container, string network)
    {
        var subnet = (await lab.Docker.InspectNetworkAsync(network)).Ipam.Select(c => c.Subnet).FirstOrDefault()
                     ?? throw new LabSpecsException($"docker network inspect {network} shows no subnet");
        await ThenTheInterfaceInContainerHasAnAddressIn(name, container, subnet);
    }

    [Then("the interfaces in namespace {string} are {string}")]
    public async Task ThenTheInterfacesInNamespaceAre(string ns, string names) =>
        Same(await Interfaces.InNamespaceAsync(lab, ns), names, $"namespace {ns}");

    [Then("the interfaces in container {string} are {string}")]
    public async Task ThenTheInterfacesInContainerAre(string container, string names) =>
        Same(await Interfaces.InContainerAsync(lab, container), names, $"container {container}");

    [Then("the interfaces in container {string} are the docker host's interfaces")]
    public async Task ThenTheInterfacesInContainerAreTheHosts(string container)
    {
        var host = await Interfaces.OnHostAsync(lab);
        Same(await Interfaces.InContainerAsync(lab, container), Interfaces.Names(host), $"container {container}");
    }

    [Then("the container {string} has the docker host's addresses")]
    public async Task ThenTheContainerHasTheHostsAddresses(string container)
    {
        static string[] Of(IEnumerable<NetworkInterface> all) =>
            all.SelectMany(i => i.IPv4.Select(a => $"{i.Name} {a.Cidr}")).Order(StringComparer.Ordinal).ToArray();
        var host = Of(await Interfaces.OnHostAsync(lab));
        var inside = Of(await Interfaces.InContainerAsync(lab, container));
        inside.ShouldBe(host, $"addresses in {container}: {string.Join(", ", inside)}; on {lab.Host.Name}: {string.Join(", ", host)}");
    }

    /// <summary>Link states settle a moment after "ip link set up" (carrier, peer): wait for it, within the assert timeout.</summary>
    private async Task EventuallyInState(string name, string state, string where, Func<Task<IReadOnlyList<NetworkInterface>>> read)
    {
        await Eventually.UntilAsync($"interface {name} {where} is {state}",
            async _ => Interfaces.Named(await read(), name, where), i => i.State == state.ToUpperInvariant(), Timeouts.Default.Assert,
            describeValue: i => $"ip addr shows {i}", evidence: lab.Evidence);
    }

    private static void Address(NetworkInterface i, string cidr) =>
        i.HasAddress(cidr).ShouldBeTrue($"{i.Name} has: {string.Join(", ", i.Addresses.Select(a => a.Cidr))}");

    private static void Same(IReadOnlyList<NetworkInterface> all, string expected, string where) =>
        all.Select(i => i.Name).Order(StringComparer.Ordinal).ToArray()
            .ShouldBe(Interfaces.ParseList(expected).Order(StringComparer.Ordinal).ToArray(), $"{where} has: {Interfaces.Names(all)}");
}
