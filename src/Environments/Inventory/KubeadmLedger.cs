using LabSpecs.Core;

namespace LabSpecs.Environments.Inventory;

/// <summary>
/// The inventory hosts on which a run ran kubeadm (init or join), written next to the run's <see cref="InventoryLedger"/>
/// (/run/labspecs/inventory/ID.kubeadm, one host a line) before kubeadm runs there and cleared when the host has been reset.
/// When the run is killed, the reaper or the next run's sweep runs <see cref="ResetCommand"/> on those hosts.
/// </summary>
public sealed class KubeadmLedger(string runId, string directory = InventoryLedger.Directory)
{
    /// <summary>kubeadm reset gets its own time: it drains and stops static pods, longer than the 30 s cleanup budget.</summary>
    public static readonly TimeSpan ResetTimeout = TimeSpan.FromSeconds(150);

    /// <summary>kubeadm's own reset; it must succeed (its exit code is checked).</summary>
    public const string ResetCommand = "kubeadm reset -f";

    /// <summary>
    /// What kubeadm reset leaves of what the lab made, and only that: flannel's links and state, the CNI plugins' IP allocations,
    /// and the KUBE-/FLANNEL iptables chains and rules (not /etc/cni/net.d, not ~/.kube: they may hold the host's own files).
    /// </summary>
    public const string RemoveNetworkCommand =
        "ip link delete cni0 2>/dev/null; ip link delete flannel.1 2>/dev/null; rm -rf /var/lib/cni /run/flannel; " +
        "iptables-save | grep -v -E 'KUBE-|FLANNEL' | iptables-restore";

    /// <summary>The commands that give a host back, as a person would type them (for -KeepOnFailure and the README).</summary>
    public static string HowToReset(string host) => $"ssh root@{host} {LocalProcess.Quote(ResetCommand + " && " + RemoveNetworkCommand)}";

    public string FilePath => Path.Combine(directory, runId + ".kubeadm");

    /// <summary>Notes the host before kubeadm runs there; only for runs with an inventory ledger (embedded hosts go with their namespaces).</summary>
    public bool Add(string host)
    {
        if (!File.Exists(Path.Combine(directory, runId + ".json"))) return false;
        lock (typeof(KubeadmLedger))
        {
            var hosts = Hosts();
            if (!hosts.Contains(host)) File.WriteAllLines(FilePath, [.. hosts, host]);
        }

        return true;
    }

    /// <summary>The host has been reset.</summary>
    public void Done(string host)
    {
        lock (typeof(KubeadmLedger))
        {
            var left = Hosts().Where(h => h != host).ToList();
            if (left.Count == 0) File.Delete(FilePath);
            else File.WriteAllLines(FilePath, left);
        }
    }

    public IReadOnlyList<string> Hosts() =>
        File.Exists(FilePath) ? File.ReadAllLines(FilePath).Where(l => l.Trim().Length > 0).ToList() : [];

    /// <summary>Resets a dead run's host: kubeadm reset, then the network leftovers; true when both succeeded.</summary>
    public static async Task<bool> ResetAsync(ILabHost host, CancellationToken ct)
    {
        var reset = await host.ExecAsync(ResetCommand, ResetTimeout, ct).ConfigureAwait(false);
        if (!reset.Succeeded) return false;
        return (await host.ExecAsync(RemoveNetworkCommand, Timeouts.Default.Cleanup, ct).ConfigureAwait(false)).Succeeded;
    }
}
