using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.Docker;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>Containers: run (detached, interactive, in the foreground), list, filter, remove, look inside.</summary>
[Binding]
public sealed class ContainerSteps(LabContext lab)
{
    [Given("a container {string} from {string}")]
    [When("I start a container {string} from {string} in the background")]
    public Task GivenAContainer(string name, string image) => Start(name, new ContainerSpec(image));

    [Given("a container {string} from {string} running {string}")]
    [When("I start a container {string} from {string} running {string}")]
    public Task GivenAContainerRunning(string name, string image, string command) =>
        Start(name, new ContainerSpec(image) { Command = ShellWords.Split(command) });

    [Given("a container {string} from {string} on network {string} running {string}")]
    [When("I start a container {string} from {string} on network {string} running {string}")]
    public Task GivenAContainerOnNetworkRunning(string name, string image, string network, string command) =>
        Start(name, new ContainerSpec(image) { Network = network, Command = ShellWords.Split(command) });

    [Given("a container {string} from {string} on network {string}")]
    [When("I start a container {string} from {string} on network {string}")]
    public Task GivenAContainerOnNetwork(string name, string image, string network) =>
        Start(name, new ContainerSpec(image) { Network = network });

    [Given("a container {string} from {string} publishing {string}")]
    [When("I start a container {string} from {string} publishing {string}")]
    public Task WhenIStartAContainerPublishing(string name, string image, string ports) =>
        Start(name, new ContainerSpec(image) { Ports = [PortMapping.Parse(ports)] });

    [When("I run an interactive container {string} from {string} and type:")]
    public async Task WhenIRunAnInteractiveContainer(string name, string image, string input)
    {
        lab.LastResult = (await lab.Docker.RunAsync($"run -i --name {Q(name)} {Q(image)} <<'LABSPECS_EOF'\n{input}\nLABSPECS_EOF")).EnsureSuccess();
        lab.ContainerIds[name] = (await lab.Docker.ContainerStateAsync(name)).Id;
    }

    [When("I run a container from {string}")]
    public async Task WhenIRunAContainerFrom(string image) =>
        lab.LastResult = (await lab.Docker.RunAsync($"run {Q(image)}")).EnsureSuccess();

    [When("I list the running containers")]
    public async Task WhenIListTheRunningContainers() => lab.LastResult = (await lab.Docker.RunAsync("ps")).EnsureSuccess();

    [When("I list the exited containers")]
    public async Task WhenIListTheExitedContainers() =>
        lab.LastResult = (await lab.Docker.RunAsync("ps -a --filter status=exited")).EnsureSuccess();

    [When("I list only the IDs of the exited containers")]
    public async Task WhenIListOnlyTheIds() =>
        lab.LastResult = (await lab.Docker.RunAsync("ps -aq --filter status=exited")).EnsureSuccess();

    [When("I remove all exited containers")]
    public async Task WhenIRemoveAllExitedContainers() =>
        lab.LastResult = (await lab.Docker.RunAsync("rm $(docker ps -aq --filter status=exited)")).EnsureSuccess();

    [Then("the output shows the container {string}")]
    public void ThenTheOutputShowsTheContainer(string name) =>
        NameColumn().ShouldContain(name, $"`{lab.LastCommand.Command}` showed:\n{lab.LastCommand.Stdout}");

    [Then("the output shows the container {string} with the status {string}")]
    public void ThenTheOutputShowsTheContainerWithStatus(string name, string status) =>
        lab.Evidence.Record(new EvidenceItem($"{name} in `{lab.LastCommand.Command}`",
            LabFacts.ContainerStatus(lab.LastCommand.Stdout, name, status).ToString()));

    [Then("the output does not show the container {string}")]
    public void ThenTheOutputDoesNotShowTheContainer(string name) =>
        NameColumn().ShouldNotContain(name, $"`{lab.LastCommand.Command}` showed:\n{lab.LastCommand.Stdout}");

    [Then("the output shows the ID of {string}")]
    public void ThenTheOutputShowsTheIdOf(string name) =>
        Words().ShouldContain(ShortId(name), $"the ID of {name} is {ShortId(name)}; `{lab.LastCommand.Command}` showed:\n{lab.LastCommand.Stdout}");

    [Then("the output does not show the ID of {string}")]
    public void ThenTheOutputDoesNotShowTheIdOf(string name) =>
        Words().ShouldNotContain(ShortId(name), $"the ID of {name} is {ShortId(name)}; `{lab.LastCommand.Command}` showed:\n{lab.LastCommand.Stdout}");

    [Given("the container {string} has exited")]
    [Then("the container {string} has exited")]
    public Task ThenTheContainerHasExited(string name) => WaitForStatus(name, "exited");

    [Then("the container {string} is running")]
    public Task ThenTheContainerIsRunning(string name) => WaitForStatus(name, "running");

    [Then("there are no exited containers on the docker host")]
    public async Task ThenThereAreNoExitedContainers()
    {
        var r = (await lab.Docker.RunAsync("ps -aq --filter status=exited")).EnsureSuccess();
        r.Stdout.Trim().ShouldBeEmpty($"exited containers remain:\n{r.Stdout}");
    }

    /// <summary><c>docker run -d --name NAME …</c> through the engine API (pulling first when the host lacks the image, as the CLI does).</summary>
    private async Task Start(string name, ContainerSpec spec)
    {
        await lab.Engine.EnsureImageAsync(spec.Image);
        lab.ContainerIds[name] = await lab.Engine.RunDetachedAsync(spec with { Name = name });
    }

    private async Task WaitForStatus(string name, string status)
    {
        await Eventually.UntilAsync($"container {name} is {status}",
            ct => lab.Docker.ContainerStateAsync(name, ct), s => s.Status == status, Timeouts.Default.Assert,
            describeValue: s => $"status {s.Status}, exit code {s.ExitCode}", evidence: lab.Evidence);
    }

    private string ShortId(string name) =>
        lab.ContainerIds.TryGetValue(name, out var id) ? id[..Math.Min(12, id.Length)] : throw new LabSpecsException($"This scenario did not start a container named {name}.");

    private List<string> NameColumn() =>
        lab.LastCommand.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.TrimEnd().Split(' ')[^1]).ToList();

    private List<string> Words() =>
        lab.LastCommand.Stdout.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Q(string s) => LocalProcess.Quote(s);
}
