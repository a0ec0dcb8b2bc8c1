using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;

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
        lab.Expect.That(commands.Last.Succeeded, $"`{commands.Last.Command}` on {commands.Last.Where} should succeed", () => $"it exited with code {commands.Last.ExitCode}");

    [Then("the command fails")]
    public void ThenTheCommandFails() => LabFacts.Failed(commands.Last);

    [Then("the output contains {string}")]
    public void ThenTheOutputContains(string text) =>
        lab.Expect.That(Output().Contains(text, StringComparison.Ordinal), $"the output of `{commands.Last.Command}` on {commands.Last.Where} should contain \"{text}\"", () => "it does not");

    [Then("the output contains {string} or {string}")]
    public void ThenTheOutputContainsEither(string text, string other) =>
        lab.Expect.That(Output().Contains(text, StringComparison.Ordinal) || Output().Contains(other, StringComparison.Ordinal),
            $"the output of `{commands.Last.Command}` on {commands.Last.Where} should contain \"{text}\" or \"{other}\"", () => "it contains neither");

    [Then("the output has the line {string}")]
    public void ThenTheOutputHasTheLine(string line) => LabFacts.HasLine(Output(), line, $"`{commands.Last.Command}`");

    [Then("the output does not contain {string}")]
    public void ThenTheOutputDoesNotContain(string text) =>
        lab.Expect.That(!Output().Contains(text, StringComparison.Ordinal), $"the output of `{commands.Last.Command}` on {commands.Last.Where} should not contain \"{text}\"", () => "it does");

    [Then("the output is {string}")]
    public void ThenTheOutputIs(string text) =>
        lab.Expect.Equal(commands.Last.Stdout.Trim(), text, $"the output of `{commands.Last.Command}` on {commands.Last.Where} should be \"{text}\"");

    private string Output() => commands.Output;
}
