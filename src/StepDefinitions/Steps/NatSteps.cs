using LabSpecs.Core;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>The nat table docker maintains: MASQUERADE for outgoing traffic, DNAT for published ports.</summary>
[Binding]
public sealed class NatSteps(LabContext lab)
{
    [When("I list the nat table")]
    public async Task WhenIListTheNatTable() => lab.LastNatTable = await lab.Network.NatTableAsync();

    [Then("the nat table has a MASQUERADE rule for {string}")]
    public async Task ThenTheNatTableHasAMasqueradeRuleFor(string source)
    {
        var nat = lab.LastNatTable ?? await lab.Network.NatTableAsync();
        nat.HasMasquerade(source).ShouldBeTrue($"iptables -t nat -S on {lab.Host.Name} shows:\n{nat}");
    }

    [Then("the nat table on {string} has a MASQUERADE rule for {string}")]
    public async Task ThenTheNatTableOnHostHasAMasqueradeRuleFor(string host, string source)
    {
        var nat = await lab.NetworkOn(host).NatTableAsync();
        nat.HasMasquerade(source).ShouldBeTrue($"iptables -t nat -S on {host} shows:\n{nat}");
    }

    [Then("the nat table has a MASQUERADE rule for port {int} of {string}")]
    public async Task ThenTheNatTableHasAMasqueradeRuleForThePortOf(int port, string container)
    {
        var address = (await lab.Docker.ContainerAddressesAsync(container)).First() + "/32";
        var nat = lab.LastNatTable ?? await lab.Network.NatTableAsync();
        nat.InChain("POSTROUTING").Any(r => r.Target == "MASQUERADE" && r.Source == address && r.Destination == address && r.DPort == $"{port}")
            .ShouldBeTrue($"no MASQUERADE rule for {address} port {port} in iptables -t nat -S on {lab.Host.Name}:\n{nat}");
    }

    [Then("the nat table has a DNAT rule from the published port {int} of {string} to its address")]
    public async Task ThenTheNatTableHasADnatRule(int containerPort, string container)
    {
        var hostPort = await PortSteps.HostPortAsync(lab, container, containerPort);
        var address = (await lab.Docker.ContainerAddressesAsync(container)).First();
        var nat = lab.LastNatTable ?? await lab.Network.NatTableAsync();
        var rule = nat.DnatFor(hostPort);
        rule.ShouldNotBeNull($"no DNAT rule for host port {hostPort} in iptables -t nat -S on {lab.Host.Name}:\n{nat}");
        rule.ToDestination.ShouldBe($"{address}:{containerPort}", $"the rule is: {rule.Text}");
    }
}
