using System.Net;
using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Environments.Embedded;
using LabSpecs.Environments.Images;
using LabSpecs.Environments.Inventory;
using LabSpecs.Environments.Vm;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments.Vm;

public sealed class VmProviderTests
{
    private static readonly TopologySpec TwoNode = EnvironmentFile.Parse("""
        topologies:
          two-node:
            provider: vm
            engine: 26
            subnet: 192.168.205.0/24
            hosts:
              - { name: docker-node1, address: 192.168.205.10 }
              - { name: a-very-long-host-name-for-a-tap, address: 192.168.205.11 }
        """, "environments/test.yml")["two-node"];

    private static QemuHost Vm(int host, Accelerator accelerator)
    {
        var image = new HostImage("26-vm", "/var/lib/labspecs/host-images/26-vm-x", new HostImageManifest("26-vm", "trixie",
            new Dictionary<string, string>(), "26.1.5", "", DateTimeOffset.UnixEpoch, 0));
        return new QemuHost(new LabPaths("ls-abcdef"), TwoNode, TwoNode.Hosts[host], image, accelerator, new VmSize(2, 1536));
    }

    [Test]
    public void A_vm_topology_takes_an_engine_and_the_vm_provider()
    {
        TwoNode.Provider.ShouldBe("vm");
        TwoNode.Engine.ShouldBe("26");
    }

    [Test]
    public void A_vm_has_only_a_tap_on_the_underlay_never_qemus_user_mode_network()
    {
        var args = Vm(0, new Accelerator("tcg", "test")).QemuCommand();
        var netdevs = args.Select((a, i) => (a, i)).Where(x => x.a == "-netdev").Select(x => args[x.i + 1]).ToList();
        netdevs.ShouldBe(["tap,id=n0,ifname=t-docker-node1,script=no,downscript=no"]);
        args.ShouldNotContain("-nic");
        args.Where(a => a.StartsWith("user", StringComparison.Ordinal) || a.Contains("hostfwd", StringComparison.Ordinal) || a.Contains("guestfwd", StringComparison.Ordinal)).ShouldBeEmpty();
        args.ShouldContain("-nodefaults"); // no default NIC either
    }

    [Test]
    public void Tap_names_fit_the_kernels_15_characters_and_macs_follow_the_address()
    {
        var vm = Vm(1, new Accelerator("tcg", "test"));
        vm.Tap.Length.ShouldBeLessThanOrEqualTo(15);
        vm.Mac.ShouldBe("52:54:c0:a8:cd:0b");
    }

    [Test]
    public void Kvm_passes_the_cpu_through_and_tcg_emulates_one()
    {
        Vm(0, new Accelerator("kvm", "test")).QemuCommand().ShouldContain("q35,accel=kvm");
        var tcg = Vm(0, new Accelerator("tcg", "test")).QemuCommand();
        tcg.ShouldContain("q35,accel=tcg");
        tcg[tcg.ToList().IndexOf("-cpu") + 1].ShouldBe("max");
    }

    [Test]
    public void The_run_can_make_any_host_topology_with_another_provider_and_names_the_valid_ones()
    {
        LabEnvironments.WithProvider(TwoNode with { Provider = "embedded" }, "vm").Provider.ShouldBe("vm");
        Should.Throw<LabSpecsException>(() => LabEnvironments.WithProvider(TwoNode, "vagrant")).Message.ShouldContain("valid: embedded, inventory, vm");
        Should.Throw<LabSpecsException>(() => LabEnvironments.WithProvider(TwoNode, "kubernetes")).Message.ShouldContain("not a provider of hosts");
    }

    [Test]
    public void The_inventory_the_provider_writes_for_its_vms_is_one_the_inventory_reader_reads_back()
    {
        var dir = Directory.CreateTempSubdirectory("labspecs-vm-inventory-");
        try
        {
            // an ed25519 public key blob as ssh-keygen writes it (the fingerprint is computed from it)
            const string blob = "AAAAC3NzaC1lZDI1NTE5AAAAIDgdXUhQM0Itc4Ifj/Gm8kWWdK9rFYxOXZhWbqiM5E4+";
            var text = ForwardedHost.Inventory(new LabPaths("ls-abcdef"),
                [new ForwardedHost("docker-node1", IPAddress.Parse("192.168.205.10"), 40022, "vagrant", blob)], "for a test");
            var file = Path.Combine(dir.FullName, "inventory.yml");
            File.WriteAllText(file, text);
            var host = InventoryFile.Load(file).Host("docker-node1");
            (host.SshHost, host.Port, host.User, host.Become).ShouldBe(("127.0.0.1", 40022, "vagrant", Become.Sudo));
            host.LabAddress.ShouldBe(IPAddress.Parse("192.168.205.10"));
            host.IdentityFile.ShouldBe("/var/lib/labspecs/ls-abcdef/ssh/id_ed25519");
            host.HostKey.ShouldNotBeNullOrEmpty();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
