using LabSpecs.Core;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;

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
        lab.Expect.That(table.HasMasquerade(source), $"the nat table on {lab.Host.Name} should have a MASQUERADE rule for {source}", () => $"iptables -t nat -S shows:\n{table}");
    }

    [Then("the nat table on {string} has a MASQUERADE rule for {string}")]
    public async Task ThenTheNatTableOnHostHasAMasqueradeRuleFor(string host, string source)
    {
        var table = await nat.OnAsync(host);
        lab.Expect.That(table.HasMasquerade(source), $"the nat table on {host} should have a MASQUERADE rule for {source}", () => $"iptables -t nat -S shows:\n{table}");
    }

    [Then("the nat table has a MASQUERADE rule for port {int} of {string}")]
    public async Task ThenTheNatTableHasAMasqueradeRuleForThePortOf(int port, string container)
    {
        var address = (await lab.Docker.ContainerAddressesAsync(container)).First() + "/32";
        var table = await nat.CurrentAsync();
        lab.Expect.That(table.InChain("POSTROUTING").Any(r => r.Target == "MASQUERADE" && r.Source == address && r.Destination == address && r.DPort == $"{port}"),
            $"the nat table on {lab.Host.Name} should have a MASQUERADE rule for port {port} of {container} ({address})", () => $"iptables -t nat -S shows:\n{table}");
    }

    [Then("the nat table has a DNAT rule from the published port {int} of {string} to its address")]
    public async Task ThenTheNatTableHasADnatRule(int containerPort, string container)
    {
        var hostPort = await containers.HostPortAsync(container, containerPort);
        var address = (await lab.Docker.ContainerAddressesAsync(container)).First();
        var table = await nat.CurrentAsync();
        var rule = table.DnatFor(hostPort);
        lab.Expect.That(rule?.ToDestination == $"{address}:{containerPort}",
            $"the nat table on {lab.Host.Name} should have a DNAT rule from host port {hostPort} to {address}:{containerPort}",
            () => rule is null ? $"it has no DNAT rule for that port:\n{table}" : $"its rule is: {rule.Text}");
    }
}
