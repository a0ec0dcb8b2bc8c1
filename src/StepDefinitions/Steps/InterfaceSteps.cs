using System.Net;
using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps;

/// <summary>Interfaces, their state and addresses: on the docker host, in a network namespace, in a container.</summary>
[Binding]
public sealed class InterfaceSteps(LabContext lab)
{
    [Then("the docker host has the interface {string}")]
    public async Task ThenTheDockerHostHasTheInterface(string name) =>
        (await lab.Network.IpAddrAsync()).Named(name, $"on {lab.Host.Name}");

    [Then("the docker host does not have the interface {string}")]
    public async Task ThenTheDockerHostDoesNotHaveTheInterface(string name)
    {
        var all = await lab.Network.IpAddrAsync();
        lab.Expect.DoesNotContain(all.Select(i => i.Name), name, $"ip addr on {lab.Host.Name} should not show the interface {name}", "interfaces");
    }

    [Then("the interface {string} is {word}")]
    public Task ThenTheInterfaceIs(string name, string state) =>
        lab.Network.WaitForInterfaceAsync(name, state, i => i.State == state.ToUpperInvariant());

    [Then("the interface {string} in namespace {string} is {word}")]
    public Task ThenTheInterfaceInNamespaceIs(string name, string ns, string state) =>
        lab.Network.WaitForInterfaceAsync(name, state, i => i.State == state.ToUpperInvariant(), ns);

    [Then("the interface {string} has no carrier")]
    public Task ThenTheInterfaceHasNoCarrier(string name) =>
        lab.Network.WaitForInterfaceAsync(name, "up without carrier",
            i => i.Flags.Contains("UP") && i.Flags.Contains("NO-CARRIER") && !i.Flags.Contains("LOWER_UP"));

    [Then("the interface {string} has the address {string}")]
    public async Task ThenTheInterfaceHasTheAddress(string name, string cidr) =>
        Address((await lab.Network.IpAddrAsync()).Named(name, $"on {lab.Host.Name}"), cidr);

    [Then("the interface {string} in namespace {string} has the address {string}")]
    public async Task ThenTheInterfaceInNamespaceHasTheAddress(string name, string ns, string cidr) =>
        Address((await lab.Network.IpAddrAsync(ns)).Named(name, $"in namespace {ns}"), cidr);

    [Then("the interface {string} in container {string} has the address {string}")]
    public async Task ThenTheInterfaceInContainerHasTheAddress(string name, string container, string cidr) =>
        Address((await lab.Docker.ContainerInterfacesAsync(container)).Named(name, $"in container {container}"), cidr);

    [Then("the interface {string} in container {string} has an address in {string}")]
    public async Task ThenTheInterfaceInContainerHasAnAddressIn(string name, string container, string subnet)
    {
        var i = (await lab.Docker.ContainerInterfacesAsync(container)).Named(name, $"in container {container}");
        var net = IPNetwork.Parse(subnet);
        lab.Expect.That(i.IPv4.Any(a => net.Contains(a.Address)), $"the interface {name} in container {container} should have an address in {subnet}",
            () => $"it has {Expectation.Listing(i.Addresses.Select(a => a.Cidr).ToList(), "addresses")}");
    }

    [Then("the interface {string} in container {string} has an address in the subnet of the network {string}")]
    public async Task ThenTheInterfaceInContainerHasAnAddressInTheSubnetOf(string name, string container, string network)
    {
        var subnet = (await lab.Docker.InspectNetworkAsync(network)).Subnets.FirstOrDefault()
                     ?? throw new LabSpecsException($"docker network inspect {network} shows no subnet");
        await ThenTheInterfaceInContainerHasAnAddressIn(name, container, subnet);
    }

    [Then("the interfaces in namespace {string} are {string}")]
    public async Task ThenTheInterfacesInNamespaceAre(string ns, NameList names) =>
        Same(await lab.Network.IpAddrAsync(ns), names, $"namespace {ns}");

    [Then("the interfaces in container {string} are {string}")]
    public async Task ThenTheInterfacesInContainerAre(string container, NameList names) =>
        Same(await lab.Docker.ContainerInterfacesAsync(container), names, $"container {container}");

    [Then("the interfaces in container {string} are the docker host's interfaces")]
    public async Task ThenTheInterfacesInContainerAreTheHosts(string container)
    {
        var host = await lab.Network.IpAddrAsync();
        Same(await lab.Docker.ContainerInterfacesAsync(container), host.Select(i => i.Name), $"container {container}");
    }

    [Then("the container {string} has the docker host's addresses")]
    public async Task ThenTheContainerHasTheHostsAddresses(string container)
    {
        static string[] Of(IEnumerable<NetworkInterface> all) =>
            all.SelectMany(i => i.IPv4.Select(a => $"{i.Name} {a.Cidr}")).Order(StringComparer.Ordinal).ToArray();
        var host = Of(await lab.Network.IpAddrAsync());
        var inside = Of(await lab.Docker.ContainerInterfacesAsync(container));
        lab.Expect.That(inside.SequenceEqual(host), $"the container {container} should have the addresses of {lab.Host.Name} ({string.Join(", ", host)})",
            () => $"it has {Expectation.Listing(inside, "addresses")}");
    }

    private void Address(NetworkInterface i, string cidr) =>
        lab.Expect.That(i.HasAddress(cidr), $"the interface {i.Name} should have the address {cidr}",
            () => $"it has {Expectation.Listing(i.Addresses.Select(a => a.Cidr).ToList(), "addresses")}");

    private void Same(IReadOnlyList<NetworkInterface> all, IEnumerable<string> expected, string where) =>
        lab.Expect.That(all.Select(i => i.Name).Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal)),
            $"the interfaces in {where} should be {string.Join(", ", expected)}", () => $"they are {all.Names()}");
}
