using LabSpecs.Core;
using LabSpecs.Drivers.Ping;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>Pings from the docker host, a network namespace or a container, and what the ping statistics show.</summary>
[Binding]
public sealed class PingSteps(LabContext lab, PingDriver pings)
{
    [When("the docker host pings {string}")]
    public Task WhenTheDockerHostPings(string target) => pings.FromHostAsync(target);

    [When("namespace {string} pings {string}")]
    public Task WhenNamespacePings(string ns, string target) => pings.FromNamespaceAsync(ns, target);

    [When("{string} pings {string}")]
    public Task WhenContainerPings(string container, string target) => pings.FromContainerAsync(container, target);

    [When("{string} pings the address of {string}")]
    public async Task WhenContainerPingsTheAddressOf(string container, string other)
    {
        var address = (await lab.Docker.ContainerAddressesAsync(other)).FirstOrDefault()
                      ?? throw new LabSpecsException($"Container {other} has no IPv4 address on any network.");
        await pings.FromContainerAsync(container, address);
    }

    [Then("the ping shows {int}% packet loss")]
    public void ThenThePingShowsPacketLoss(int percent)
    {
        var ping = pings.Last;
        ping.Resolved.ShouldBeTrue($"the name did not resolve:\n{ping.Output}");
        ping.PacketLoss.ShouldBe(percent, $"the ping showed {ping.PacketLoss}% packet loss:\n{ping.Output}");
    }

    [Then("the ping fails with {string}")]
    public void ThenThePingFailsWith(string reason)
    {
        var ping = pings.Last;
        ping.Reachable.ShouldBeFalse($"the ping got replies:\n{ping.Output}");
        ping.Output.ShouldContain(reason, Case.Sensitive, $"the ping showed:\n{ping.Output}");
    }
}
