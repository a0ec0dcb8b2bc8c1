using System.Diagnostics;
using System.Net;
using System.Text;
using LabSpecs.Core;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// What every environment of hosts on this machine starts with, whatever its hosts are (namespaces: <see cref="EmbeddedProvider"/>;
/// qemu VMs: <see cref="Vm.VmProvider"/>): the lab subnets made unreachable from the root namespace, the ledger, the
/// environment's storage, its client key, and the underlay namespace with the bridge br0 (.1 the client, .2 the registry).
/// Everything carries the environment id, so <see cref="Teardown"/> and the reaper remove it with the id alone.
/// </summary>
internal static class Underlay
{
    /// <summary>
    /// Routes, ledger, storage: after this returns, a kill at any moment leaves a ledger naming the dead owner. On failure
    /// nothing is left. <paramref name="provider"/> is written to the ledger (what made the environment).
    /// </summary>
    public static async Task<LabPaths> BeginAsync(TopologySpec topology, bool detached, CancellationToken ct)
    {
        // Every lab subnet of the file is made unreachable in the root namespace, not only this topology's.
        var subnets = File.Exists(topology.SourceFile)
            ? EnvironmentFile.Load(topology.SourceFile).Values.Where(t => t.Hosts.Count > 0).Select(t => t.Subnet).Append(topology.Subnet).Distinct().ToList()
            : [topology.Subnet];
        await NetworkSafety.EnsureUnreachableRoutesAsync(subnets, ct).ConfigureAwait(false);
        var paths = new LabPaths(LabPaths.NewId());
        try
        {
            // The ledger comes first (outside the environment's own tmpfs, see LabPaths.LedgerFile): whatever follows can be
            // found and removed again, even if this process is killed now, the mounts of EnvironmentStorage included.
            new Ledger(paths.Id, topology.Name, Environment.ProcessId, ProcessInfo.StartTime(Environment.ProcessId), detached,
                DateTimeOffset.UtcNow, topology.Hosts.Select(h => h.Name).ToList(), topology.Subnet.ToString()) { Provider = topology.Provider }.Write(paths.LedgerFile);
            await EnvironmentStorage.MountAsync(paths, ct).ConfigureAwait(false);
            return paths;
        }
        catch
        {
            await Teardown.RemoveAsync(paths.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The runtime directory, the underlay cgroup, the client key and the underlay namespace with its bridge br0.</summary>
    public static async Task CreateAsync(LabPaths paths, TopologySpec topology, IEvidenceSink progress, Stopwatch clock, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.Runtime);
        Directory.CreateDirectory(Path.GetDirectoryName(paths.ClientKey)!);
        Cgroups.Create(paths.Cgroup("underlay"));
        await Sh.MustAsync($"ssh-keygen -q -t ed25519 -N '' -C labspecs@{paths.Id} -f {paths.ClientKey}", ct: ct).ConfigureAwait(false);

        var u = paths.UnderlayNetns;
        var prefix = topology.Subnet.PrefixLength;
        await Sh.MustAsync($"""
            ip netns add {u}
            ip -n {u} link set lo up
            ip -n {u} link add br0 type bridge
            ip -n {u} addr add {UnderlayAddresses.Client(topology)}/{prefix} dev br0
            ip -n {u} addr add {UnderlayAddresses.Registry(topology)}/{prefix} dev br0
            ip -n {u} link set br0 up
            nsenter --net=/run/netns/{u} sysctl -q -w net.ipv4.icmp_ratelimit=0
            """, ct: ct).ConfigureAwait(false);
        progress.Record(new EvidenceItem("underlay", $"underlay {u} with bridge br0 on {topology.Subnet} ({clock.Elapsed.TotalSeconds:0.00} s)"));
    }

    /// <summary>Runs <paramref name="command"/> with /bin/sh in the underlay namespace (ip netns exec: with /etc/netns/UNDERLAY applied), in its cgroup.</summary>
    public static async Task<ExecResult> ExecAsync(LabPaths paths, string command, TimeSpan? timeout, CancellationToken ct)
    {
        var script = Cgroups.JoinScript(paths.Cgroup("underlay")) + $" exec ip netns exec {paths.UnderlayNetns} /bin/sh -c \"$0\"";
        var r = await LocalProcess.RunAsync("/bin/sh", ["-c", script, command], timeout ?? Timeouts.Default.Exec, ct: ct).ConfigureAwait(false);
        return r with { Command = command, Where = $"underlay {paths.UnderlayNetns}" };
    }
}

/// <summary>
/// An environment of hosts on this machine's underlay bridge (embedded namespaces, qemu VMs): what <c>env up --inventory</c>
/// needs to write files that reach its hosts through loopback ports, as a user reaches Vagrant boxes.
/// </summary>
public interface IUnderlayEnvironment
{
    LabPaths Paths { get; }

    TopologySpec Topology { get; }

    IReadOnlyList<ILabHost> Hosts { get; }

    /// <summary>The user the client key logs in as (root on embedded hosts, vagrant on VMs, which then use sudo).</summary>
    string SshUser { get; }

    /// <summary>A host's sshd public key: its type and base64 blob, as known_hosts stores it.</summary>
    (string Type, string Base64) HostPublicKey(string host);
}

/// <summary>A provider whose environments can outlive the process that made them (<c>labspecs env up</c>): the sweep keeps them.</summary>
public interface IDetachableProvider
{
    bool Detached { get; set; }
}

/// <summary>A host of an underlay environment as a loopback port forwarded to its sshd (as Vagrant forwards 127.0.0.1:2222).</summary>
public sealed record ForwardedHost(string Name, IPAddress Address, int Port, string User, string HostKeyBase64)
{
    /// <summary>
    /// A LabSpecs inventory of <paramref name="hosts"/> with their pinned host keys and the environment's client key: how the
    /// vm provider reaches its VMs, and what <c>env up --inventory FILE</c> writes for a user.
    /// </summary>
    public static string Inventory(LabPaths paths, IEnumerable<ForwardedHost> hosts, string what)
    {
        var yaml = new StringBuilder($"# LabSpecs inventory {what}\nhosts:\n");
        foreach (var h in hosts)
        {
            yaml.Append($"""
                  {h.Name}:
                    address: {h.Address}
                    host: 127.0.0.1
                    port: {h.Port}
                    user: {h.User}
                    identity_file: {paths.ClientKey}
                    host_key: SHA256:{Ssh.KnownHosts.Fingerprint(Convert.FromBase64String(h.HostKeyBase64))}

                """);
        }

        return yaml.ToString();
    }
}
