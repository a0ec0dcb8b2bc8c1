using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>Commands typed on a lab host, files written there, and what their output shows.</summary>
[Binding]
public sealed class CommandSteps(LabContext lab, CommandDriver commands)
{
    [Given("the docker host {string}")]
    public void GivenTheDockerHost(string host) => lab.UseHost(host);

    [When("I run {string}")]
    public Task WhenIRun(string command) => commands.RunAsync(command);

    [When("I run {string} on {string}")]
    public Task WhenIRunOn(string command, string host) => commands.RunOnAsync(host, command);

    [When("I run {string} inside container {string}")]
    public Task WhenIRunInsideContainer(string command, string container) => commands.RunInContainerAsync(container, command);

    [Given("a file {string} with:")]
    public Task GivenAFileWith(string path, string content) => lab.WorkShell.WriteFileAsync(path, content);

    [Then("the command succeeds")]
    public void ThenTheCommandSucceeds() =>
        commands.Last.Succeeded.ShouldBeTrue($"expected success, got exit code {commands.Last.ExitCode}:\n{commands.Last.ToTranscript()}");

    [Then("the command fails")]
    public void ThenTheCommandFails() => LabFacts.Failed(commands.Last);

    [Then("the output contains {string}")]
    public void ThenTheOutputContains(string text) =>
        Output().ShouldContain(text, Case.Sensitive, $"the output of `{commands.Last.Command}` was:\n{Output()}");

    [Then("the output has the line {string}")]
    public void ThenTheOutputHasTheLine(string line) => LabFacts.HasLine(Output(), line, $"`{commands.Last.Command}`");

    [Then("the output does not contain {string}")]
    public void ThenTheOutputDoesNotContain(string text) =>
        Output().ShouldNotContain(text, Case.Sensitive, $"the output of `{commands.Last.Command}` was:\n{Output()}");

    [Then("the output is {string}")]
    public void ThenTheOutputIs(string text) =>
        commands.Last.Stdout.Trim().ShouldBe(text, $"the output of `{commands.Last.Command}` was:\n{Output()}");

    private string Output() => commands.Output;
}
