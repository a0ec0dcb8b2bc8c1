using LabSpecs.Core;
using LabSpecs.Drivers.Ping;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;

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
        lab.Expect.That(ping.Resolved, $"the ping should show {percent}% packet loss", () => "the name did not resolve");
        lab.Expect.That(ping.PacketLoss == percent, $"the ping should show {percent}% packet loss", () => $"it shows {ping.PacketLoss}%");
    }

    [Then("the ping fails with {string}")]
    public void ThenThePingFailsWith(string reason)
    {
        var ping = pings.Last;
        lab.Expect.That(!ping.Reachable, $"the ping should fail with \"{reason}\"", () => "it got replies");
        lab.Expect.That(ping.Output.Contains(reason, StringComparison.Ordinal), $"the ping should fail with \"{reason}\"", () => "it failed with other words");
    }
}
