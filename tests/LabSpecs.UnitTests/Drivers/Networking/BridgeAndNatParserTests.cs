using NUnit.Framework;
using LabSpecs.Drivers.Networking;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Networking;

public class BridgeAndNatParserTests
{
    [Test]
    public void Bridge_j_link_lists_two_ports_on_each_bridge()
    {
        var text = Recorded.Read("bridge-j-link.json");
        var ports = BridgeParser.ParseBridgeLinkJson(text);

        ports.Count(p => p.Bridge == "docker0").ShouldBe(2, text);
        ports.Count(p => p.Bridge == "br-53567cb72201").ShouldBe(2, text);
        ports.ShouldAllBe(p => p.State == "forwarding", text);
        ports.Single(p => p.Interface == "veth3eaa3d9").PeerIndex.ShouldBe(6, text);
    }

    [Test]
    public void Brctl_show_agrees_with_bridge_link()
    {
        var text = Recorded.Read("brctl-show.txt");
        var bridges = BridgeParser.ParseBrctlShow(text);
        var ports = BridgeParser.ParseBridgeLinkJson(Recorded.Read("bridge-j-link.json"));

        bridges.Select(b => b.Name).ShouldBe(["docker0", "br-53567cb72201"], text);
        foreach (var b in bridges)
        {
            b.Interfaces.ShouldBe(ports.Where(p => p.Bridge == b.Name).Select(p => p.Interface), ignoreOrder: true, text);
            b.StpEnabled.ShouldBeFalse(text);
        }
    }

    [Test]
    public void Brctl_show_keeps_a_bridge_without_interfaces()
    {
        var bridges = BridgeParser.ParseBrctlShow("bridge name\tbridge id\t\tSTP enabled\tinterfaces\nbr0\t\t8000.000000000000\tno\t\t\n");

        bridges.ShouldHaveSingleItem().Interfaces.ShouldBeEmpty();
    }

    [Test]
    public void Nat_table_has_dockers_masquerade_for_each_bridge_subnet()
    {
        var text = Recorded.Read("iptables-t-nat-S.txt");
        var nat = NatRuleParser.Parse(text);

        nat.HasMasquerade("172.17.0.0/16", notOutInterface: "docker0").ShouldBeTrue(text);
        nat.HasMasquerade("172.22.0.0/16", notOutInterface: "br-53567cb72201").ShouldBeTrue(text);
        nat.HasMasquerade("172.17.0.0/16", notOutInterface: "br-53567cb72201").ShouldBeFalse(text);
        nat.HasMasquerade("10.0.0.0/8").ShouldBeFalse(text);
        nat.Chains.ShouldContain("DOCKER", text);
    }

    [Test]
    public void Nat_table_has_the_dnat_of_a_published_port()
    {
        var text = Recorded.Read("iptables-t-nat-S.txt");
        var nat = NatRuleParser.Parse(text);

        var web = nat.DnatFor(80).ShouldNotBeNull(text);
        web.Chain.ShouldBe("DOCKER");
        web.ToDestination.ShouldBe("172.17.0.2:80", text);
        web.InInterface.ShouldBe("docker0");
        web.InInterfaceNegated.ShouldBeTrue(web.Text);
        nat.DnatFor(32768)!.ToDestination.ShouldBe("172.17.0.3:8080", text);
        nat.DnatFor(81).ShouldBeNull(text);
    }

    [Test]
    public void Negated_destination_is_kept_apart_from_the_plain_one()
    {
        var rule = NatRuleParser.ParseRule("-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER");

        rule.Destination.ShouldBe("127.0.0.0/8");
        rule.DestinationNegated.ShouldBeTrue(rule.Text);
        rule.SourceNegated.ShouldBeFalse(rule.Text);
        rule.Target.ShouldBe("DOCKER");
    }

    [Test]
    public void Iptables_save_gives_the_same_rules_as_iptables_S()
    {
        var save = NatRuleParser.Parse(Recorded.Read("iptables-save-t-nat.txt"));
        var s = NatRuleParser.Parse(Recorded.Read("iptables-t-nat-S.txt"));

        save.Rules.Select(r => r.Text).ShouldBe(s.Rules.Select(r => r.Text), save.ToString());
        save.Chains.ShouldBe(s.Chains, ignoreOrder: true);
    }
}
