using LabSpecs.Core;
using LabSpecs.Drivers.Ping;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>Pings from the docker host, a network namespace or a container, and what the ping statistics show.</summary>
[Binding]
public sealed class PingSteps(LabContext lab)
{
    private const string Ping = "ping -c 3 -W 2";

    [When("the docker host pings {string}")]
    public Task WhenTheDockerHostPings(string target) => Run(lab.Shell.RunAsync($"{Ping} {LocalProcess.Quote(target)}"));

    [When("namespace {string} pings {string}")]
    public Task WhenNamespacePings(string ns, string target) => Run(lab.Shell.RunAsync($"ip netns exec {LocalProcess.Quote(ns)} {Ping} {LocalProcess.Quote(target)}"));

    [When("{string} pings {string}")]
    public Task WhenContainerPings(string container, string target) => Run(lab.Docker.RunAsync($"exec {LocalProcess.Quote(container)} {Ping} {LocalProcess.Quote(target)}"));

    [When("{string} pings the address of {string}")]
    public async Task WhenContainerPingsTheAddressOf(string container, string other)
    {
        var address = (await lab.Docker.ContainerAddressesAsync(other)).FirstOrDefault()
                      ?? throw new LabSpecsException($"Container {other} has no IPv4 address on any network.");
        await WhenContainerPings(container, address);
    }

    [Then("the ping shows {int}% packet loss")]
    public void ThenThePingShowsPacketLoss(int percent)
    {
        var ping = LastPing();
        ping.Resolved.ShouldBeTrue($"the name did not resolve:\n{ping.Output}");
        ping.PacketLoss.ShouldBe(percent, $"the ping showed {ping.PacketLoss}% packet loss:\n{ping.Output}");
    }

    [Then("the ping fails with {string}")]
    public void ThenThePingFailsWith(string reason)
    {
        var ping = LastPing();
        ping.Reachable.ShouldBeFalse($"the ping got replies:\n{ping.Output}");
        ping.Output.ShouldContain(reason, Case.Sensitive, $"the ping showed:\n{ping.Output}");
    }

    private async Task Run(Task<ExecResult> ping)
    {
        var r = await ping;
        lab.LastResult = r;
        try
        {
            lab.LastPing = PingResult.Parse(r.Stdout + r.Stderr);
        }
        catch (FormatException)
        {
            throw new CommandFailedException(r);
        }
    }

    private PingResult LastPing() => lab.LastPing ?? throw new LabSpecsException("No ping has run yet in this scenario.");
}
