using System.Net;
using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.Cli;
using LabSpecs.Drivers.Docker;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>Docker networks: list, inspect, create, connect, disconnect; what "docker network inspect" shows.</summary>
[Binding]
public sealed class DockerNetworkSteps(LabContext lab, DockerNetworksDriver networks)
{
    [When("I list the docker networks")]
    public Task WhenIListTheDockerNetworks() => networks.ListAsync();

    [Then("the docker networks include:")]
    public void ThenTheDockerNetworksInclude(Table expected)
    {
        var listed = networks.Listed;
        foreach (var row in expected.Rows)
        {
            listed.Any(n => n.Name == row["NAME"] && n.Driver == row["DRIVER"])
                .ShouldBeTrue($"docker network ls shows no network {row["NAME"]} with driver {row["DRIVER"]}:\n{string.Join('\n', listed)}");
        }
    }

    [When("I inspect the network {string}")]
    public Task WhenIInspectTheNetwork(string name) => networks.InspectAgainAsync(name);

    [Given("a bridge network {string}")]
    [When("I create the bridge network {string}")]
    public Task GivenABridgeNetwork(string name) => networks.CreateBridgeAsync(name);

    [Given("I connect the container {string} to the network {string}")]
    [When("I connect the container {string} to the network {string}")]
    public Task WhenIConnect(string container, string network) => networks.ConnectAsync(container, network);

    [When("I disconnect the container {string} from the network {string}")]
    public Task WhenIDisconnect(string container, string network) => networks.DisconnectAsync(container, network);

    [Then("the network {string} has the subnet {string} and its Linux bridge holds the gateway {string}")]
    public async Task ThenTheNetworkHasSubnetAndGateway(string name, string subnet, string gateway)
    {
        var n = await Network(name);
        var seen = LabFacts.Gateway(n, subnet, gateway, await lab.Network.InterfaceAsync(n.LinuxBridge));
        lab.Evidence.Record(new EvidenceItem("gateway", seen));
    }

    [Then("the network {string} has no containers")]
    public async Task ThenTheNetworkHasNoContainers(string name)
    {
        var n = await Network(name);
        n.Containers.ShouldBeEmpty($"docker network inspect {name} lists: {string.Join(", ", n.Containers.Select(c => c.Name))}");
    }

    [Then("the network {string} lists the container {string}")]
    public async Task ThenTheNetworkListsTheContainer(string name, string container)
    {
        var n = await Network(name);
        n.Containers.Select(c => c.Name).ShouldContain(container, $"docker network inspect {name} lists: {string.Join(", ", n.Containers.Select(c => c.Name))}");
    }

    [Then("the network {string} does not list the container {string}")]
    public async Task ThenTheNetworkDoesNotListTheContainer(string name, string container)
    {
        var n = await Network(name);
        n.Containers.Select(c => c.Name).ShouldNotContain(container, $"docker network inspect {name} lists: {string.Join(", ", n.Containers.Select(c => c.Name))}");
    }

    [Then("the network {string} gives {string} an address in {string}")]
    public async Task ThenTheNetworkGivesAnAddressIn(string name, string container, string subnet)
    {
        var endpoint = (await Network(name)).Container(container) ?? throw new LabSpecsException($"docker network inspect {name} does not list {container}");
        var address = endpoint.IPv4Address.Split('/')[0];
        IPNetwork.Parse(subnet).Contains(IPAddress.Parse(address)).ShouldBeTrue($"{container} has {endpoint.IPv4Address} on {name}, not in {subnet}");
    }

    [Then("the network {string} has a subnet in {string} other than {string}")]
    public async Task ThenTheNetworkHasASubnetIn(string name, string range, string other)
    {
        var n = await Network(name);
        var subnets = n.Ipam.Select(c => c.Subnet).ToList();
        subnets.ShouldNotBeEmpty($"docker network inspect {name} shows no IPAM config");
        var outer = IPNetwork.Parse(range);
        subnets.ShouldAllBe(s => s != other && outer.Contains(IPNetwork.Parse(s).BaseAddress),
            $"docker network inspect {name} shows subnets {string.Join(", ", subnets)}");
    }

    [Then("on a fresh engine the network {string} has the handbook's subnet {string} and gateway {string}")]
    public async Task ThenOnAFreshEngineTheNetworkHas(string name, string subnet, string gateway) =>
        lab.Evidence.Record(new EvidenceItem($"the handbook's {subnet} for {name}",
            LabFacts.HandbookValuesOnAFreshEngine(await Network(name), await lab.Docker.EventsSoFarAsync(), subnet, gateway)));

    [Then("the network {string} lists the container {string} without an address")]
    public async Task ThenTheNetworkListsTheContainerWithoutAnAddress(string name, string container)
    {
        var endpoint = (await Network(name)).Container(container) ?? throw new LabSpecsException($"docker network inspect {name} does not list {container}");
        endpoint.IPv4Address.ShouldBeEmpty($"{container} on {name}");
    }

    [Then("the network {string} has the option {string} set to {string}")]
    public async Task ThenTheNetworkHasTheOption(string name, string option, string value)
    {
        var n = await Network(name);
        n.Options.GetValueOrDefault(option).ShouldBe(value, $"docker network inspect {name} options: {string.Join(", ", n.Options.Select(o => $"{o.Key}={o.Value}"))}");
    }

    [Then("the network {string} has these options:")]
    public async Task ThenTheNetworkHasTheseOptions(string name, Table options)
    {
        foreach (var row in options.Rows) await ThenTheNetworkHasTheOption(name, row["option"], row["value"]);
    }

    private Task<NetworkDetails> Network(string name) => networks.InspectAsync(name);
}
