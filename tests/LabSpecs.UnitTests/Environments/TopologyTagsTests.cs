using LabSpecs.Environments;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments;

public sealed class TopologyTagsTests
{
    private static readonly IReadOnlyDictionary<string, TopologySpec> Topologies = EnvironmentFile.Parse("""
        topologies:
          single-host:
            subnet: 192.168.205.0/24
            hosts:
              - { name: docker-host, address: 192.168.205.10 }
          two-node:
            subnet: 192.168.205.0/24
            hosts:
              - { name: docker-node1, address: 192.168.205.10 }
        """, "environments/test.yml");

    [Test]
    public void The_first_tag_naming_a_topology_wins_with_or_without_the_at_sign() =>
        (TopologyTags.Find(Topologies, ["@bridge", "@two-node", "single-host"])?.Name, TopologyTags.Find(Topologies, ["bridge", "single-host"])?.Name)
            .ShouldBe(("two-node", "single-host"));

    [Test]
    public void Tags_naming_no_topology_give_none() =>
        TopologyTags.Find(Topologies, ["@bridge", "@multi-host"]).ShouldBeNull();
}
