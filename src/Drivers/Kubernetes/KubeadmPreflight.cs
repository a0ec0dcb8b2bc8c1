using System.Globalization;
using System.Net;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>What a host tells about kubeadm's prerequisites (the output of <see cref="KubeadmPreflight.ProbeCommand"/>).</summary>
public sealed record KubeadmHostFacts(IReadOnlyDictionary<string, string> Values)
{
    public string? this[string key] => Values.TryGetValue(key, out var v) ? v : null;
}

/// <summary>
/// kubeadm's prerequisites, checked over the host's shell before kubeadm init or join (kubeadm's own preflight fails late and
/// leaves a half-made node): swap off, IPv4 forwarding, br_netfilter, a CRI socket (containerd, CRI-O or cri-dockerd — docker
/// itself is not needed) whose cgroup driver is the kubelet's (systemd, kubeadm's default since 1.22), and on the master ≥ 2
/// CPUs and ≥ 1700 MB (kubeadm's NumCPU and Mem checks). Also which interface holds the lab address and which the default
/// route (a Vagrant box's NAT eth0): the kubelet's --node-ip and flannel's --iface must name the lab's.
/// </summary>
public static class KubeadmPreflight
{
    public const int MasterCpus = 2;
    public const int MasterMemoryMb = 1700;

    /// <summary>Read-only commands; one KEY=VALUE per line. {0} is the host's lab address.</summary>
    public static string ProbeCommand(IPAddress labAddress) => string.Join("; ",
        "echo swap=$(swapon --noheadings --show=NAME 2>/dev/null | head -1)",
        "echo ip_forward=$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null)",
        "echo br_netfilter=$(test -d /proc/sys/net/bridge && echo loaded || echo missing)",
        "for s in /run/containerd/containerd.sock /var/run/crio/crio.sock /var/run/cri-dockerd.sock; do test -S $s && echo cri=$s; done",
        "echo containerd_systemd_cgroup=$(containerd config dump 2>/dev/null | grep -m1 -o 'SystemdCgroup = [a-z]*' | cut -d' ' -f3)",
        "echo kubelet_cgroup=$(grep -m1 -o 'cgroupDriver: [a-z]*' /var/lib/kubelet/config.yaml 2>/dev/null | cut -d' ' -f2)",
        "echo cpus=$(nproc)",
        "echo memory_mb=$(awk '/^MemTotal:/ {print int($2/1024)}' /proc/meminfo)",
        "echo kubeadm=$(command -v kubeadm)",
        "echo kubelet=$(command -v kubelet)",
        "echo default_iface=$(ip -o route show default 2>/dev/null | awk '{for(i=1;i<NF;i++) if($i==\"dev\") {print $(i+1); exit}}')",
        $"echo lab_iface=$(ip -o -4 addr show 2>/dev/null | awk '$4 ~ /^{labAddress}\\// {{print $2; exit}}')");

    public static KubeadmHostFacts Parse(string output) =>
        new(output.Replace("\r", "").Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => (Key: l[..l.IndexOf('=', StringComparison.Ordinal)], Value: l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim()))
            .GroupBy(p => p.Key)
            .ToDictionary(g => g.Key, g => string.Join(",", g.Select(p => p.Value).Where(v => v.Length > 0))));

    /// <summary>What the host lacks for kubeadm, each in a sentence; empty when it has everything.</summary>
    public static IReadOnlyList<string> Problems(KubeadmHostFacts facts, bool master)
    {
        var problems = new List<string>();
        if (facts["kubeadm"] is not { Length: > 0 } || facts["kubelet"] is not { Length: > 0 }) problems.Add("kubeadm and kubelet are not installed");
        if (facts["swap"] is { Length: > 0 } swap) problems.Add($"swap is on ({swap}; swapoff -a)");
        if (facts["ip_forward"] != "1") problems.Add($"net.ipv4.ip_forward is {facts["ip_forward"] ?? "unknown"}, not 1");
        if (facts["br_netfilter"] != "loaded") problems.Add("the br_netfilter module is not loaded (modprobe br_netfilter)");
        if (facts["cri"] is not { Length: > 0 }) problems.Add("no CRI runtime socket (containerd, CRI-O or cri-dockerd)");
        else if (facts["cri"]!.Contains("containerd", StringComparison.Ordinal) && facts["containerd_systemd_cgroup"] is { Length: > 0 } systemd
                 && !string.Equals(systemd, "true", StringComparison.Ordinal) && KubeletCgroupDriver(facts) == "systemd")
        {
            problems.Add("containerd uses the cgroupfs driver (SystemdCgroup = false) while the kubelet uses systemd");
        }

        if (master && Int(facts["cpus"]) is { } cpus && cpus < MasterCpus) problems.Add($"{cpus} CPU(s); the master needs at least {MasterCpus}");
        if (master && Int(facts["memory_mb"]) is { } mb && mb < MasterMemoryMb) problems.Add($"{mb} MB of memory; the master needs at least {MasterMemoryMb} MB");
        return problems;
    }

    /// <summary>The kubelet's cgroup driver: its config once written, else kubeadm's default (systemd since 1.22).</summary>
    public static string KubeletCgroupDriver(KubeadmHostFacts facts) => facts["kubelet_cgroup"] is { Length: > 0 } d ? d : "systemd";

    /// <summary>The interface of the lab address when the default route uses another one (a NAT eth0): --node-ip/--iface are needed.</summary>
    public static string? LabInterfaceBesideDefault(KubeadmHostFacts facts) =>
        facts["lab_iface"] is { Length: > 0 } lab && facts["default_iface"] is { Length: > 0 } def && lab != def ? lab : null;

    private static int? Int(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
