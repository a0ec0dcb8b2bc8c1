using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using LabSpecs.Drivers.Underlay;
using Reqnroll;

namespace LabSpecs.Specs.Steps;

/// <summary>Published ports and fetching web pages through them (curl), from the docker host or from outside it.</summary>
[Binding]
public sealed class PortSteps(LabContext lab, ContainerDriver containers, CommandDriver commands)
{
    private HttpProbe Http => new(lab.Environment, lab.Evidence);

    [Then("the container {string} publishes port {int} on a random host port")]
    public async Task ThenThePortIsPublishedOnARandomPort(string container, int port) =>
        LabFacts.EphemeralPort(await containers.HostPortAsync(container, port), await lab.Network.LocalPortRangeAsync(), $"port {port} of {container}");

    [Then("the container {string} publishes port {int} on host port {int}")]
    public async Task ThenThePortIsPublishedOn(string container, int port, int hostPort) =>
        lab.Expect.Equal(await containers.HostPortAsync(container, port), hostPort, $"the container {container} should publish port {port} on host port {hostPort}");

    [When("the docker host fetches port {int} of the container {string}")]
    public async Task WhenTheDockerHostFetchesPortOfTheContainer(int port, string container) =>
        commands.Keep(await Http.FetchAsync(lab.Host, $"http://{await AddressOf(container)}:{port}/"));

    [When("a machine outside the docker host fetches port {int} of the container {string}")]
    public async Task WhenAMachineOutsideFetchesPortOfTheContainer(int port, string container) =>
        commands.Keep(await Http.FetchAsync(null, $"http://{await AddressOf(container)}:{port}/"));

    [When("the docker host fetches the published port {int} of {string} at {string}")]
    public async Task WhenTheDockerHostFetchesThePublishedPort(int port, string container, string address) =>
        commands.Keep(await Http.FetchPublishedAsync(lab.Host, $"http://{address}:{await containers.HostPortAsync(container, port)}/", Timeouts.Default.Assert));

    [When("a machine outside the docker host fetches the published port {int} of {string} at {string}")]
    public async Task WhenAMachineOutsideFetches(int port, string container, string address) =>
        commands.Keep(await Http.FetchPublishedAsync(null, $"http://{address}:{await containers.HostPortAsync(container, port)}/", Timeouts.Default.Assert));

    [Then("the page shows {string}")]
    public void ThenThePageShows(string text) =>
        lab.Expect.That(commands.Last.Stdout.Contains(text, StringComparison.Ordinal), $"the page fetched by {commands.Last.Where} should show \"{text}\"", () => "it does not");

    private async Task<string> AddressOf(string container) => (await lab.Docker.ContainerAddressesAsync(container)).First();
}
