using LabSpecs.Core;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>Commands typed on a lab host, files written there, and what their output shows.</summary>
[Binding]
public sealed class CommandSteps(LabContext lab)
{
    [Given("the docker host {string}")]
    public void GivenTheDockerHost(string host) => lab.UseHost(host);

    [When("I run {string}")]
    public async Task WhenIRun(string command) => lab.LastResult = await lab.WorkShell.RunAsync(command);

    [When("I run {string} on {string}")]
    public async Task WhenIRunOn(string command, string host) => lab.LastResult = await lab.ShellOn(host).RunAsync(command);

    [When("I run {string} inside container {string}")]
    public async Task WhenIRunInsideContainer(string command, string container) =>
        lab.LastResult = await lab.Docker.RunAsync($"exec {LocalProcess.Quote(container)} {command}");

    [Given("a file {string} with:")]
    public async Task GivenAFileWith(string path, string content) =>
        (await lab.WorkShell.RunAsync($"cat > {LocalProcess.Quote(path)} <<'LABSPECS_EOF'\n{content}\nLABSPECS_EOF")).EnsureSuccess();

    [Then("the command succeeds")]
    public void ThenTheCommandSucceeds() =>
        lab.LastCommand.Succeeded.ShouldBeTrue($"expected success, got exit code {lab.LastCommand.ExitCode}:\n{lab.LastCommand.ToTranscript()}");

    [Then("the command fails")]
    public void ThenTheCommandFails() =>
        lab.LastCommand.Succeeded.ShouldBeFalse($"expected a failure, but it succeeded:\n{lab.LastCommand.ToTranscript()}");

    [Then("the output contains {string}")]
    public void ThenTheOutputContains(string text) =>
        Output().ShouldContain(text, Case.Sensitive, $"the output of `{lab.LastCommand.Command}` was:\n{Output()}");

    [Then("the output does not contain {string}")]
    public void ThenTheOutputDoesNotContain(string text) =>
        Output().ShouldNotContain(text, Case.Sensitive, $"the output of `{lab.LastCommand.Command}` was:\n{Output()}");

    [Then("the output is {string}")]
    public void ThenTheOutputIs(string text) =>
        lab.LastCommand.Stdout.Trim().ShouldBe(text, $"the output of `{lab.LastCommand.Command}` was:\n{Output()}");

    private string Output() => lab.LastCommand.Stdout + lab.LastCommand.Stderr;
}
