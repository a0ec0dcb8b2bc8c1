using LabSpecs.Core;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>The nat table docker maintains: MASQUERADE for outgoing traffic, DNAT for published ports.</summary>
[Binding]
public sealed class NatSteps(LabContext lab, NatTableDriver nat, ContainerDriver containers)
{
    [When("I list the nat table")]
    public Task WhenIListTheNatTable() => nat.ListAsync();

    [Then("the nat table has a MASQUERADE rule for {string}")]
    public async Task ThenTheNatTableHasAMasqueradeRuleFor(string source)
    {
        var table = await nat.CurrentAsync();
        table.HasMasquerade(source).ShouldBeTrue($"iptables -t nat -S on {lab.Host.Name} shows:\n{table}");
    }

    [Then("the nat table on {string} has a MASQUERADE rule for {string}")]
    public async Task ThenTheNatTableOnHostHasAMasqueradeRuleFor(string host, string source)
    {
        var table = await nat.OnAsync(host);
        table.HasMasquerade(source).ShouldBeTrue($"iptables -t nat -S on {host} shows:\n{table}");
    }

    [Then("the nat table has a MASQUERADE rule for port {int} of {string}")]
    public async Task ThenTheNatTableHasAMasqueradeRuleForThePortOf(int port, string container)
    {
        var address = (await lab.Docker.ContainerAddressesAsync(container)).First() + "/32";
        var table = await nat.CurrentAsync();
        table.InChain("POSTROUTING").Any(r => r.Target == "MASQUERADE" && r.Source == address && r.Destination == address && r.DPort == $"{port}")
            .ShouldBeTrue($"no MASQUERADE rule for {address} port {port} in iptables -t nat -S on {lab.Host.Name}:\n{table}");
    }

    [Then("the nat table has a DNAT rule from the published port {int} of {string} to its address")]
    public async Task ThenTheNatTableHasADnatRule(int containerPort, string container)
    {
        var hostPort = await containers.HostPortAsync(container, containerPort);
        var address = (await lab.Docker.ContainerAddressesAsync(container)).First();
        var table = await nat.CurrentAsync();
        var rule = table.DnatFor(hostPort);
        rule.ShouldNotBeNull($"no DNAT rule for host port {hostPort} in iptables -t nat -S on {lab.Host.Name}:\n{table}");
        rule.ToDestination.ShouldBe($"{address}:{containerPort}", $"the rule is: {rule.Text}");
    }
}
