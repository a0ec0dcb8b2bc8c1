using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>Published ports and fetching web pages through them (curl), from the docker host or from outside it.</summary>
[Binding]
public sealed class PortSteps(LabContext lab)
{
    private const string Curl = "curl -sS --max-time 5";

    [Then("the container {string} publishes port {int} on a random host port")]
    public async Task ThenThePortIsPublishedOnARandomPort(string container, int port)
    {
        var hostPort = await HostPortAsync(lab, container, port);
        LabFacts.EphemeralPort(hostPort, await lab.Network.LocalPortRangeAsync(), $"port {port} of {container}");
    }

    [Then("the container {string} publishes port {int} on host port {int}")]
    public async Task ThenThePortIsPublishedOn(string container, int port, int hostPort) =>
        (await HostPortAsync(lab, container, port)).ShouldBe(hostPort);

    [When("the docker host fetches port {int} of the container {string}")]
    public async Task WhenTheDockerHostFetchesPortOfTheContainer(int port, string container)
    {
        var address = (await lab.Docker.ContainerAddressesAsync(container)).First();
        lab.LastResult = await lab.Shell.RunAsync($"{Curl} http://{address}:{port}/");
    }

    [When("a machine outside the docker host fetches port {int} of the container {string}")]
    public async Task WhenAMachineOutsideFetchesPortOfTheContainer(int port, string container)
    {
        var address = (await lab.Docker.ContainerAddressesAsync(container)).First();
        var r = await lab.Environment.ExecOnUnderlayAsync($"{Curl} http://{address}:{port}/");
        lab.Evidence.Record(r);
        lab.LastResult = r;
    }

    [When("the docker host fetches the published port {int} of {string} at {string}")]
    public async Task WhenTheDockerHostFetchesThePublishedPort(int port, string container, string address) =>
        lab.LastResult = await lab.Shell.RunAsync($"{Curl} http://{address}:{await HostPortAsync(lab, container, port)}/");

    [When("a machine outside the docker host fetches the published port {int} of {string} at {string}")]
    public async Task WhenAMachineOutsideFetches(int port, string container, string address)
    {
        var r = await lab.Environment.ExecOnUnderlayAsync($"{Curl} http://{address}:{await HostPortAsync(lab, container, port)}/");
        lab.Evidence.Record(r);
        lab.LastResult = r;
    }

    [Then("the page shows {string}")]
    public void ThenThePageShows(string text) =>
        lab.LastCommand.Stdout.ShouldContain(text, Case.Sensitive, $"`{lab.LastCommand.Command}` on {lab.LastCommand.Where} returned:\n{lab.LastCommand.ToTranscript()}");

    /// <summary>The host port docker bound to a container port (captured once per scenario).</summary>
    public static async Task<int> HostPortAsync(LabContext lab, string container, int port)
    {
        if (!lab.PublishedPorts.TryGetValue((container, port), out var hostPort))
        {
            var ports = await lab.Docker.HostPortsAsync(container, port);
            hostPort = ports.Count > 0 ? ports[0] : throw new LabSpecsException($"Port {port} of {container} is not published.");
            lab.PublishedPorts[(container, port)] = hostPort;
        }

        return hostPort;
    }
}
