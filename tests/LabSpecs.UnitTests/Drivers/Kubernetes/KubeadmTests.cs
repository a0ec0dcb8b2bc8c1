using System.Net;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Environments.Inventory;
using LabSpecs.UnitTests.Drivers;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Kubernetes;

/// <summary>
/// The kubeadm lab's preflight (on the probe's recorded output of this machine, Recorded/Kubernetes/kubeadm-preflight-debian12.txt;
/// kubeadm's own checks: kubernetes/kubernetes cmd/kubeadm/app/preflight/checks.go — Swap, NumCPU, Mem, FileContent
/// ip_forward and bridge-nf-call-iptables, the CRI socket) and how hosts are given back.
/// </summary>
public sealed class KubeadmTests
{
    private static string Recorded(string name) => LabSpecs.UnitTests.Drivers.Recorded.Read(Path.Combine("Kubernetes", name));

    private sealed class Registry : ICleanupRegistry
    {
        public List<(string What, Func<CancellationToken, Task> Undo, TimeSpan? Timeout)> Cleanups { get; } = [];

        public void RegisterCleanup(string what, Func<CancellationToken, Task> undo, CleanupCost cost = CleanupCost.Cheap, TimeSpan? timeout = null) =>
            Cleanups.Add((what, undo, timeout));
    }

    [Test]
    public void This_machine_is_not_ready_for_kubeadm_and_the_probe_says_why()
    {
        var facts = KubeadmPreflight.Parse(Recorded("kubeadm-preflight-debian12.txt"));

        var problems = KubeadmPreflight.Problems(facts, master: true);

        problems.ShouldContain("kubeadm and kubelet are not installed");
        problems.ShouldContain("net.ipv4.ip_forward is 0, not 1");
        problems.ShouldContain("no CRI runtime socket (containerd, CRI-O or cri-dockerd)");
        problems.ShouldNotContain(p => p.Contains("CPU") || p.Contains("memory") || p.Contains("swap"), string.Join("\n", problems));
        KubeadmPreflight.LabInterfaceBesideDefault(facts).ShouldBe("lo", "the lab address 127.0.0.1 is on lo, the default route on eth0");
    }

    [Test]
    public void A_ready_host_passes_and_swap_a_small_master_or_a_cgroupfs_containerd_do_not()
    {
        var ready = Recorded("kubeadm-preflight-debian12.txt")
            .Replace("ip_forward=0", "ip_forward=1").Replace("kubeadm=\n", "kubeadm=/usr/bin/kubeadm\n").Replace("kubelet=\n", "kubelet=/usr/bin/kubelet\n")
            .Replace("containerd_systemd_cgroup=false", "cri=/run/containerd/containerd.sock\ncontainerd_systemd_cgroup=true");

        KubeadmPreflight.Problems(KubeadmPreflight.Parse(ready), master: true).ShouldBeEmpty();
        KubeadmPreflight.Problems(KubeadmPreflight.Parse(ready.Replace("swap=", "swap=/swapfile")), master: false).ShouldHaveSingleItem().ShouldStartWith("swap is on");
        KubeadmPreflight.Problems(KubeadmPreflight.Parse(ready.Replace("cpus=2", "cpus=1")), master: true).ShouldHaveSingleItem().ShouldContain("needs at least 2");
        KubeadmPreflight.Problems(KubeadmPreflight.Parse(ready.Replace("cpus=2", "cpus=1")), master: false).ShouldBeEmpty();
        KubeadmPreflight.Problems(KubeadmPreflight.Parse(ready.Replace("SystemdCgroup", "x").Replace("containerd_systemd_cgroup=true", "containerd_systemd_cgroup=false")), master: false)
            .ShouldHaveSingleItem().ShouldContain("cgroupfs");
    }

    [Test]
    public async Task Kubeadm_on_a_host_without_its_prerequisites_skips_with_the_reason_before_anything_runs()
    {
        if (File.Exists("/usr/bin/kubeadm") || File.Exists("/usr/local/bin/kubeadm")) Assert.Ignore("kubeadm is installed here");
        var evidence = new EvidenceLog();
        var registry = new Registry();
        var kubeadm = new KubeadmHosts(_ => new HostShell(new ThisMachine("k8s-master"), evidence), registry);

        var e = await Should.ThrowAsync<CapabilityMissingException>(() => kubeadm.RunAsync("k8s-master", "kubeadm init --apiserver-advertise-address=<address of k8s-master>"));

        e.Message.ShouldStartWith("needs kubeadm: k8s-master is not ready for kubeadm: kubeadm and kubelet are not installed");
        registry.Cleanups.ShouldBeEmpty();
        evidence.Items.ShouldNotContain(i => i.Title.StartsWith("kubeadm init", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_reset_gets_its_own_time_and_a_failed_reset_fails_the_cleanup()
    {
        if (File.Exists("/usr/bin/kubeadm") || File.Exists("/usr/local/bin/kubeadm")) Assert.Ignore("kubeadm is installed here: this test would reset this machine");
        var registry = new Registry();
        var kubeadm = new KubeadmHosts(_ => new HostShell(new ThisMachine("k8s-master"), NullEvidenceSink.Instance), registry);

        kubeadm.RegisterReset("k8s-master");
        kubeadm.RegisterReset("k8s-master");

        var (what, undo, timeout) = registry.Cleanups.ShouldHaveSingleItem();
        what.ShouldStartWith("kubeadm reset on k8s-master (by hand: ssh root@127.0.0.1 'kubeadm reset -f && ");
        timeout.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(120));
        var failed = await Should.ThrowAsync<CommandFailedException>(() => undo(CancellationToken.None)); // kubeadm: not found here (exit 127)
        failed.Message.ShouldContain("kubeadm reset -f");
    }

    [Test]
    public void The_network_cleanup_removes_what_the_lab_made_and_not_the_hosts_own_files()
    {
        KubeadmLedger.RemoveNetworkCommand.ShouldNotContain("/etc/cni/net.d");
        KubeadmLedger.RemoveNetworkCommand.ShouldNotContain(".kube");
        foreach (var part in new[] { "cni0", "flannel.1", "/var/lib/cni", "/run/flannel", "KUBE-", "FLANNEL" }) KubeadmLedger.RemoveNetworkCommand.ShouldContain(part);
        KubeadmLedger.HowToReset("k8s-master").ShouldStartWith("ssh root@k8s-master 'kubeadm reset -f && ");
    }

    [Test]
    public void A_host_kubeadm_touched_is_in_the_run_ledger_until_it_is_reset()
    {
        var dir = Directory.CreateTempSubdirectory("ls-ledger-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "ls-abc123.json"), "{}"); // the run's inventory ledger
            var ledger = new KubeadmLedger("ls-abc123", dir);

            ledger.Add("k8s-master").ShouldBeTrue();
            ledger.Add("k8s-worker1");
            ledger.Hosts().ShouldBe(["k8s-master", "k8s-worker1"]);
            ledger.Done("k8s-master");
            ledger.Hosts().ShouldBe(["k8s-worker1"]);
            ledger.Done("k8s-worker1");
            File.Exists(ledger.FilePath).ShouldBeFalse();
            new KubeadmLedger("ls-embedded", dir).Add("k8s-master").ShouldBeFalse("no inventory ledger: embedded hosts go with their namespaces");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
