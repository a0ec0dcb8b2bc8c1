using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Drivers.Docker;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps;

/// <summary>Containers: run (detached, interactive, in the foreground), list, filter, remove, look inside.</summary>
[Binding]
public sealed class ContainerSteps(LabContext lab, ContainerDriver containers, CommandDriver commands)
{
    [Given("a container {string} from {string}")]
    [When("I start a container {string} from {string} in the background")]
    public Task GivenAContainer(string name, string image) => containers.StartAsync(name, new ContainerSpec(image));

    [Given("a container {string} from {string} running {string}")]
    [When("I start a container {string} from {string} running {string}")]
    public Task GivenAContainerRunning(string name, string image, string command) =>
        containers.StartAsync(name, image, network: null, command);

    [Given("a container {string} from {string} on network {string} running {string}")]
    [When("I start a container {string} from {string} on network {string} running {string}")]
    public Task GivenAContainerOnNetworkRunning(string name, string image, string network, string command) =>
        containers.StartAsync(name, image, network, command);

    [Given("a container {string} from {string} on network {string}")]
    [When("I start a container {string} from {string} on network {string}")]
    public Task GivenAContainerOnNetwork(string name, string image, string network) =>
        containers.StartAsync(name, new ContainerSpec(image) { Network = network });

    [Given("a container {string} from {string} publishing {string}")]
    [When("I start a container {string} from {string} publishing {string}")]
    public Task WhenIStartAContainerPublishing(string name, string image, string ports) =>
        containers.StartAsync(name, new ContainerSpec(image) { Ports = [PortMapping.Parse(ports)] });

    [When("I run an interactive container {string} from {string} and type:")]
    public async Task WhenIRunAnInteractiveContainer(string name, string image, string input) =>
        commands.Keep(await containers.RunInteractiveAsync(name, image, input));

    [When("I run a container from {string}")]
    public async Task WhenIRunAContainerFrom(string image) => commands.Keep(await lab.Docker.RunInForegroundAsync(image));

    [When("I list the running containers")]
    public async Task WhenIListTheRunningContainers() => commands.Keep(await lab.Docker.PsAsync());

    [When("I list the exited containers")]
    public async Task WhenIListTheExitedContainers() => commands.Keep(await lab.Docker.PsAsync(all: true, status: "exited"));

    [When("I list only the IDs of the exited containers")]
    public async Task WhenIListOnlyTheIds() => commands.Keep(await lab.Docker.PsAsync(all: true, quiet: true, status: "exited"));

    [When("I remove all exited containers")]
    public async Task WhenIRemoveAllExitedContainers() => commands.Keep(await lab.Docker.RemoveExitedAsync());

    [Then("the output shows the container {string}")]
    public void ThenTheOutputShowsTheContainer(string name) =>
        lab.Expect.Contains(DockerPs.Names(commands.Last.Stdout), name, $"{commands.Last.Command} on {commands.Last.Where} should show the container {name}", "containers");

    [Then("the output shows the container {string} with the status {string}")]
    public void ThenTheOutputShowsTheContainerWithStatus(string name, string status) =>
        lab.Evidence.Record(new EvidenceItem($"{name} in `{commands.Last.Command}`",
            LabFacts.ContainerStatus(commands.Last.Stdout, name, status).ToString()));

    [Then("the output shows the container {string} with the ports {string}")]
    public void ThenTheOutputShowsTheContainerWithPorts(string name, string ports) =>
        lab.Evidence.Record(new EvidenceItem($"{name} in `{commands.Last.Command}`",
            LabFacts.ContainerPorts(commands.Last.Stdout, name, ports).ToString()));

    [Then("the output does not show the container {string}")]
    public void ThenTheOutputDoesNotShowTheContainer(string name) =>
        lab.Expect.DoesNotContain(DockerPs.Names(commands.Last.Stdout), name, $"{commands.Last.Command} on {commands.Last.Where} should not show the container {name}", "containers");

    [Then("the output shows the ID of {string}")]
    public void ThenTheOutputShowsTheIdOf(string name) =>
        lab.Expect.Contains(DockerPs.Ids(commands.Last.Stdout), containers.ShortId(name), $"{commands.Last.Command} on {commands.Last.Where} should show the ID of {name} ({containers.ShortId(name)})", "IDs");

    [Then("the output does not show the ID of {string}")]
    public void ThenTheOutputDoesNotShowTheIdOf(string name) =>
        lab.Expect.DoesNotContain(DockerPs.Ids(commands.Last.Stdout), containers.ShortId(name), $"{commands.Last.Command} on {commands.Last.Where} should not show the ID of {name} ({containers.ShortId(name)})", "IDs");

    [Given("the container {string} has exited")]
    [Then("the container {string} has exited")]
    public Task ThenTheContainerHasExited(string name) => lab.Docker.WaitForStatusAsync(name, "exited");

    [Then("the container {string} is running")]
    public Task ThenTheContainerIsRunning(string name) => lab.Docker.WaitForStatusAsync(name, "running");

    [Then("there are no exited containers on the docker host")]
    public async Task ThenThereAreNoExitedContainers()
    {
        var r = await lab.Docker.PsAsync(all: true, quiet: true, status: "exited");
        lab.Expect.Empty(DockerPs.Ids(r.Stdout), $"docker ps on {lab.Host.Name} should list no exited containers", "containers");
    }
}
