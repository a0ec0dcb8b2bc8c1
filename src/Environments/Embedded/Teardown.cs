using LabSpecs.Core;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// Removes everything of one environment, found by its id alone (so it also works for a killed run's leftovers):
/// processes (by cgroup), network namespaces, cgroups, /etc/netns entries, runtime and state (their tmpfs, EnvironmentStorage;
/// directories on disk when older code made them). Hosts' own mounts need no work: they live in each host's mount namespace
/// and vanish with its processes.
/// </summary>
public static class Teardown
{
    public static async Task<int> RemoveAsync(string id, CancellationToken ct = default)
    {
        if (!LabPaths.IsEnvironmentId(id)) throw new ArgumentException($"not an environment id: {id}", nameof(id));
        var paths = new LabPaths(id);
        var removed = 0;
        var processes = Cgroups.Processes(paths.Cgroup());
        await Cgroups.KillAllAsync(paths.Cgroup(), TimeSpan.FromSeconds(15), ct).ConfigureAwait(false);
        removed += processes.Count;
        // Killed processes leave the cgroup at once; wait until each has really exited (a zombie waiting for the machine's
        // init to reap it no longer runs and holds nothing).
        try
        {
            await Eventually.UntilAsync($"the processes of {id} have exited", _ => Task.FromResult(processes.Where(p => ProcessInfo.StartTime(p) >= 0 && !ProcessInfo.IsZombie(p)).ToList()),
                running => running.Count == 0, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10), running => "PIDs " + string.Join(' ', running), ct).ConfigureAwait(false);
        }
        catch (WaitTimeoutException)
        {
            // killed and out of the cgroup: what has not exited within a second holds nothing the teardown removes next
        }

        foreach (var ns in NetnsNames(id))
        {
            await Sh.RunAsync($"ip netns del {LocalProcess.Quote(ns)}", ct: ct).ConfigureAwait(false);
            removed++;
        }

        foreach (var dir in EtcNetns(id))
        {
            await Sh.RunAsync($"rm -rf --one-file-system {LocalProcess.Quote(dir)}", TimeSpan.FromSeconds(60), ct: ct).ConfigureAwait(false);
            removed++;
        }

        removed += Cgroups.Remove(paths.Cgroup());
        foreach (var dir in EnvironmentStorage.Dirs(paths).Where(EnvironmentStorage.IsMounted))
        {
            await EnvironmentStorage.RemoveAsync(dir, ct).ConfigureAwait(false);
            removed++;
        }

        foreach (var dir in new[] { paths.Runtime })
        {
            if (!Directory.Exists(dir)) continue;
            await Sh.RunAsync($"rm -rf --one-file-system {LocalProcess.Quote(dir)}", TimeSpan.FromSeconds(60), ct: ct).ConfigureAwait(false);
            removed++;
        }

        if (Directory.Exists(paths.State))
        {
            // Deleting extracted image layers takes seconds: move the state aside (atomic) and delete it in the background.
            Directory.CreateDirectory(TrashRoot);
            Directory.Move(paths.State, Path.Combine(TrashRoot, Guid.NewGuid().ToString("N")));
            removed++;
            await EmptyTrashAsync(ct).ConfigureAwait(false);
        }

        // last: until here a kill leaves the ledger, and with it the dead owner a sweep looks for
        if (File.Exists(paths.LedgerFile))
        {
            File.Delete(paths.LedgerFile);
            removed++;
        }

        return removed;
    }

    /// <summary>The environment's /etc/netns entries (ip netns exec's per-namespace /etc files): ID-u, and any ID-HOST.</summary>
    public static IEnumerable<string> EtcNetns(string id) =>
        Directory.Exists("/etc/netns") ? Directory.GetDirectories("/etc/netns").Where(d => Path.GetFileName(d).StartsWith(id + "-", StringComparison.Ordinal)) : [];

    public static readonly string TrashRoot = Path.Combine(LabPaths.StateRoot, "trash");

    /// <summary>Deletes what is in the trash with a detached, low-priority rm (also finishes what a killed run left there).</summary>
    public static async Task EmptyTrashAsync(CancellationToken ct = default)
    {
        if (!Directory.Exists(TrashRoot) || Directory.GetFileSystemEntries(TrashRoot).Length == 0) return;
        await LocalProcess.RunAsync("setsid", ["-f", "/bin/sh", "-c", $"exec nice -n 19 rm -rf --one-file-system {TrashRoot}/* >/dev/null 2>&1 </dev/null"],
            TimeSpan.FromSeconds(10), ct: ct).ConfigureAwait(false);
    }

    public static IEnumerable<string> NetnsNames(string id) =>
        Directory.Exists("/run/netns")
            ? Directory.GetFiles("/run/netns").Select(Path.GetFileName).OfType<string>().Where(n => n.StartsWith(id + "-", StringComparison.Ordinal))
            : [];

    /// <summary>Ids of every environment on this machine, whatever trace of it is left.</summary>
    public static IReadOnlySet<string> KnownIds()
    {
        var ids = new HashSet<string>();
        void Add(IEnumerable<string> names) { foreach (var n in names) if (LabPaths.IsEnvironmentId(n)) ids.Add(n); }
        if (Directory.Exists(LabPaths.StateRoot)) Add(Directory.GetDirectories(LabPaths.StateRoot).Select(d => Path.GetFileName(d)));
        if (Directory.Exists(LabPaths.RuntimeRoot)) Add(Directory.GetDirectories(LabPaths.RuntimeRoot).Select(d => Path.GetFileName(d)));
        if (Directory.Exists("/run/netns")) Add(Directory.GetFiles("/run/netns").Select(f => Path.GetFileName(f)).Where(n => n.Length > 9).Select(n => n[..9]));
        var cg = LabPaths.CgroupDir("pids", LabPaths.CgroupName);
        if (Directory.Exists(cg)) Add(Directory.GetDirectories(cg).Select(d => Path.GetFileName(d)));
        if (Directory.Exists("/etc/netns")) Add(Directory.GetDirectories("/etc/netns").Select(d => Path.GetFileName(d)).Where(n => n.Length > 9).Select(n => n[..9]));
        if (Directory.Exists(LabPaths.LedgersRoot)) Add(Directory.GetFiles(LabPaths.LedgersRoot, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)));
        return ids;
    }
}
