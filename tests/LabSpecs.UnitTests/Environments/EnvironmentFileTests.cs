using LabSpecs.Environments;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments;

public sealed class EnvironmentFileTests
{
    private const string File = "environments/test.yml";

    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    [Test]
    public void The_shipped_local_file_has_the_handbook_topologies_with_their_addresses()
    {
        var topologies = EnvironmentFile.Load(Path.Combine(Repo(), "environments", "local.yml"));

        topologies.Keys.ShouldBe(["single-host", "two-node", "swarm", "kubeadm", "k8s"], ignoreOrder: true);
        topologies["single-host"].Hosts.Single().ShouldSatisfyAllConditions(h => h.Name.ShouldBe("docker-host"), h => h.Address.ToString().ShouldBe("192.168.205.10"));
        topologies["two-node"].Hosts.Select(h => $"{h.Name}={h.Address}").ShouldBe(["docker-node1=192.168.205.10", "docker-node2=192.168.205.11"]);
        topologies["swarm"].Hosts.Select(h => h.Name).ShouldBe(["swarm-manager", "swarm-worker1", "swarm-worker2", "swarm-worker3"]);
        topologies["swarm"].Hosts[0].Roles.ShouldContain("swarm-manager");
        topologies["kubeadm"].Hosts.Select(h => $"{h.Name}={h.Address}").ShouldBe(["k8s-master=192.168.205.10", "k8s-worker1=192.168.205.11", "k8s-worker2=192.168.205.12"]);
        topologies["k8s"].Provider.ShouldBe("kubernetes");
        topologies["k8s"].Hosts.ShouldBeEmpty();
        topologies.Values.Where(t => t.Name != "k8s").ShouldAllBe(t => t.Provider == "embedded");
        topologies.Values.Where(t => t.OneAtATime).Select(t => t.Name).ShouldBe(["swarm"]);
    }

    [TestCase("true", true)]
    [TestCase("false", false)]
    public void One_at_a_time_is_true_or_false(string value, bool expected) =>
        EnvironmentFile.Parse($$"""
            topologies:
              swarm:
                subnet: 192.168.99.0/24
                one_at_a_time: {{value}}
                hosts:
                  - { name: swarm-manager, address: 192.168.99.100 }
            """, File)["swarm"].OneAtATime.ShouldBe(expected);

    [Test]
    public void One_at_a_time_that_is_not_a_boolean_is_refused_at_its_line() =>
        Should.Throw<EnvironmentFileException>(() => EnvironmentFile.Parse("""
            topologies:
              swarm:
                subnet: 192.168.99.0/24
                one_at_a_time: yes please
                hosts:
                  - { name: swarm-manager, address: 192.168.99.100 }
            """, File)).Message.ShouldSatisfyAllConditions(
                m => m.ShouldContain("test.yml:4"), m => m.ShouldContain("one_at_a_time must be true or false, not 'yes please'"));

    [Test]
    public void An_inventory_topology_names_its_inventory_relative_to_the_file_and_needs_one()
    {
        var topologies = EnvironmentFile.Parse("""
            topologies:
              two-node:
                provider: inventory
                inventory: ../vagrant/ssh.conf
                subnet: 192.168.205.0/24
                hosts:
                  - { name: docker-node1, address: 192.168.205.10 }
            """, "/lab/environments/mine.yml");

        topologies["two-node"].Provider.ShouldBe("inventory");
        topologies["two-node"].InventorySource.ShouldBe("/lab/vagrant/ssh.conf");
        Should.Throw<EnvironmentFileException>(() => EnvironmentFile.Parse("""
            topologies:
              two-node:
                provider: inventory
                subnet: 192.168.205.0/24
                hosts:
                  - { name: docker-node1, address: 192.168.205.10 }
            """, File)).Message.ShouldContain("provider inventory needs 'inventory: FILE'");
        Should.Throw<EnvironmentFileException>(() => EnvironmentFile.Parse("""
            topologies:
              two-node:
                inventory: x.yml
                subnet: 192.168.205.0/24
                hosts:
                  - { name: docker-node1, address: 192.168.205.10 }
            """, File)).Message.ShouldContain("'inventory' belongs to provider inventory, not to provider 'embedded'");
    }

    [Test]
    public void An_unknown_key_is_reported_with_file_line_and_the_valid_keys()
    {
        const string yaml = """
            topologies:
              two-node:
                subnet: 192.168.205.0/24
                nodes:
                  - { name: a1, address: 192.168.205.10 }
            """;

        var e = Should.Throw<EnvironmentFileException>(() => EnvironmentFile.Parse(yaml, File));

        e.Message.ShouldStartWith($"{File}:4:");
        e.Message.ShouldContain("unknown key 'nodes'");
        e.Message.ShouldContain("valid: provider, subnet, description, hosts");
    }

    [Test]
    public void An_unknown_provider_lists_the_registered_providers()
    {
        const string yaml = """
            topologies:
              t:
                provider: vagrant-cloud
                subnet: 192.168.205.0/24
                hosts: [{ name: h1, address: 192.168.205.10 }]
            """;

        var e = Should.Throw<EnvironmentFileException>(() => EnvironmentFile.Parse(yaml, File));

        e.Line.ShouldBe(3);
        e.Message.ShouldContain("unknown provider 'vagrant-cloud'; valid: embedded, inventory, kubernetes");
    }

    [Test]
    public void A_topology_names_its_engine_and_an_unknown_one_is_rejected_at_its_line_with_the_valid_ones()
    {
        const string yaml = """
            topologies:
              t:
                subnet: 192.168.205.0/24
                engine: 26
                hosts: [{ name: h1, address: 192.168.205.10 }]
              u:
                subnet: 192.168.205.0/24
                hosts: [{ name: h1, address: 192.168.205.10 }]
            """;
        var topologies = EnvironmentFile.Parse(yaml, File);
        topologies["t"].Engine.ShouldBe("26");
        topologies["u"].Engine.ShouldBeNull();

        var e = Should.Throw<EnvironmentFileException>(() => EnvironmentFile.Parse(yaml.Replace("engine: 26", "engine: 19.03"), File));

        e.Message.ShouldBe($"{File}:4:13: topology 't': unknown engine '19.03'; valid: 20.10, 26, latest");
    }

    [TestCase("192.168.99.10", "inside the subnet 192.168.205.0/24")]
    [TestCase("not-an-ip", "inside the subnet")]
    [TestCase("192.168.205.2", "reserved")]
    public void A_host_address_outside_the_subnet_or_reserved_is_rejected_at_its_line(string address, string expected)
    {
        var yaml = $"""
            topologies:
              t:
                subnet: 192.168.205.0/24
                hosts:
                  - name: h1
                    address: {address}
            """;

        var e = Should.Throw<EnvironmentFileException>(() => EnvironmentFile.Parse(yaml, File));

        e.Line.ShouldBe(6);
        e.Message.ShouldContain(expected);
    }

    [Test]
    public void Duplicate_host_names_are_rejected()
    {
        const string yaml = """
            topologies:
              t:
                subnet: 192.168.205.0/24
                hosts:
                  - { name: h1, address: 192.168.205.10 }
                  - { name: h1, address: 192.168.205.11 }
            """;

        Should.Throw<EnvironmentFileException>(() => EnvironmentFile.Parse(yaml, File)).Message.ShouldContain("'h1' appears twice");
    }

    [Test]
    public void Broken_yaml_names_the_line()
    {
        var e = Should.Throw<EnvironmentFileException>(() => EnvironmentFile.Parse("topologies:\n  t: [unclosed\n", File));

        e.Message.ShouldStartWith(File + ":");
        e.Message.ShouldContain("not valid YAML");
    }

    [Test]
    public void A_host_name_that_cannot_be_a_hostname_is_rejected_with_the_rule()
    {
        const string yaml = """
            topologies:
              t:
                subnet: 192.168.205.0/24
                hosts: [{ name: Docker_Node, address: 192.168.205.10 }]
            """;

        Should.Throw<EnvironmentFileException>(() => EnvironmentFile.Parse(yaml, File)).Message.ShouldContain("lower-case letters, digits and '-'");
    }
}
