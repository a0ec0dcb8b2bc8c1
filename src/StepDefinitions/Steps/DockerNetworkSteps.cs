using System.Net;
using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Drivers.Docker;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;

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
            lab.Expect.That(listed.Any(n => n.Name == row["NAME"] && n.Driver == row["DRIVER"]),
                $"docker network ls on {lab.Host.Name} should show the network {row["NAME"]} with the driver {row["DRIVER"]}", () => $"it shows:\n{string.Join('\n', listed)}");
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
        if (LabFacts.GatewayDifference(n, subnet, gateway) is { } difference) lab.Evidence.Record(HandbookDifference.Note(difference));
    }

    [Then("the network {string} has no containers")]
    public async Task ThenTheNetworkHasNoContainers(string name)
    {
        var n = await Network(name);
        lab.Expect.Empty(n.Containers.Select(c => c.Name), $"docker network inspect {name} on {lab.Host.Name} should list no containers", "containers");
    }

    [Then("the network {string} lists the container {string}")]
    public async Task ThenTheNetworkListsTheContainer(string name, string container)
    {
        var n = await Network(name);
        lab.Expect.Contains(n.Containers.Select(c => c.Name), container, $"docker network inspect {name} on {lab.Host.Name} should list the container {container}", "containers");
    }

    [Then("the network {string} does not list the container {string}")]
    public async Task ThenTheNetworkDoesNotListTheContainer(string name, string container)
    {
        var n = await Network(name);
        lab.Expect.DoesNotContain(n.Containers.Select(c => c.Name), container, $"docker network inspect {name} on {lab.Host.Name} should not list the container {container}", "containers");
    }

    [Then("the network {string} gives {string} an address in {string}")]
    public async Task ThenTheNetworkGivesAnAddressIn(string name, string container, string subnet)
    {
        var endpoint = (await Network(name)).Container(container) ?? throw new LabSpecsException($"docker network inspect {name} does not list {container}");
        lab.Expect.That(endpoint.Address is { } address && IPNetwork.Parse(subnet).Contains(address),
            $"the network {name} should give {container} an address in {subnet}", () => $"it gives {endpoint.IPv4Address}");
    }

    [Then("the network {string} has a subnet in {string} other than {string}")]
    public async Task ThenTheNetworkHasASubnetIn(string name, string range, string other)
    {
        var n = await Network(name);
        var subnets = n.Ipam.Select(c => c.Subnet).ToList();
        var outer = IPNetwork.Parse(range);
        lab.Expect.That(subnets.Count > 0 && subnets.All(s => s != other && outer.Contains(IPNetwork.Parse(s).BaseAddress)),
            $"the network {name} should have a subnet in {range} other than {other}", () => $"docker network inspect {name} shows {Expectation.Listing(subnets, "subnets")}");
    }

    [Then("on a fresh engine the network {string} has the handbook's subnet {string} and gateway {string}")]
    public async Task ThenOnAFreshEngineTheNetworkHas(string name, string subnet, string gateway)
    {
        var (seen, isChecked) = LabFacts.HandbookValuesOnAFreshEngine(await Network(name), await lab.Docker.EventsSoFarAsync(), subnet, gateway);
        lab.Evidence.Record(isChecked ? new EvidenceItem($"the handbook's {subnet} for {name}", seen) : HandbookDifference.Note($"{seen} (the handbook: {subnet}, gateway {gateway})"));
    }

    [Then("the network {string} lists the container {string} without an address")]
    public async Task ThenTheNetworkListsTheContainerWithoutAnAddress(string name, string container)
    {
        var endpoint = (await Network(name)).Container(container) ?? throw new LabSpecsException($"docker network inspect {name} does not list {container}");
        lab.Expect.Equal(endpoint.IPv4Address, "", $"the network {name} should list the container {container} without an address");
    }

    [Then("the network {string} has the option {string} set to {string}")]
    public async Task ThenTheNetworkHasTheOption(string name, string option, string value)
    {
        var n = await Network(name);
        lab.Expect.That(n.Options.GetValueOrDefault(option) == value, $"the network {name} should have the option {option} set to {value}",
            () => $"docker network inspect {name} shows {Expectation.Listing(n.Options.Select(o => $"{o.Key}={o.Value}").ToList(), "options")}");
    }

    [Then("the network {string} has these options:")]
    public async Task ThenTheNetworkHasTheseOptions(string name, Table options)
    {
        foreach (var row in options.Rows) await ThenTheNetworkHasTheOption(name, row["option"], row["value"]);
    }

    private Task<NetworkDetails> Network(string name) => networks.InspectAsync(name);
}
