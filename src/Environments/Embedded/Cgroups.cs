using System.Globalization;

namespace LabSpecs.Environments.Embedded;

/// <summary>cgroup v1 groups of an environment (<c>labspecs/ID/HOST</c> in every hierarchy): placement, kill, removal.</summary>
public static class Cgroups
{
    public static void Create(string relative)
    {
        foreach (var controller in LabPaths.CgroupControllers)
        {
            var root = Path.Combine(LabPaths.CgroupRoot, controller);
            if (!Directory.Exists(root)) continue;
            var dir = root;
            foreach (var part in relative.Split('/'))
            {
                dir = Path.Combine(dir, part);
                if (Directory.Exists(dir)) continue;
                Directory.CreateDirectory(dir);
                if (controller == "cpuset")
                {
                    // A new cpuset is empty; a process cannot join it until cpus and mems are set.
                    var parent = Path.GetDirectoryName(dir)!;
                    File.WriteAllText(Path.Combine(dir, "cpuset.cpus"), File.ReadAllText(Path.Combine(parent, "cpuset.cpus")).Trim());
                    File.WriteAllText(Path.Combine(dir, "cpuset.mems"), File.ReadAllText(Path.Combine(parent, "cpuset.mems")).Trim());
                }
            }
        }
    }

    /// <summary>Shell words that move the running shell (<c>$$</c>) into the group; its children inherit it.</summary>
    public static string JoinScript(string relative) =>
        string.Join("; ", LabPaths.CgroupControllers
            .Select(c => LabPaths.CgroupDir(c, relative))
            .Where(Directory.Exists)
            .Select(d => $"echo $$ > {d}/cgroup.procs")) + ";";

    public static void Join(int pid, string relative)
    {
        foreach (var c in LabPaths.CgroupControllers)
        {
            var d = LabPaths.CgroupDir(c, relative);
            if (Directory.Exists(d)) File.WriteAllText(Path.Combine(d, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Every process in the group and its children (read from the pids hierarchy, which every process is in).</summary>
    public static IReadOnlyList<int> Processes(string relative)
    {
        var dir = LabPaths.CgroupDir("pids", relative);
        if (!Directory.Exists(dir)) return [];
        var pids = new List<int>();
        foreach (var procs in Directory.EnumerateFiles(dir, "cgroup.procs", SearchOption.AllDirectories))
        {
            try
            {
                pids.AddRange(File.ReadAllLines(procs).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)));
            }
            catch (IOException) { } // removed meanwhile
        }

        return pids;
    }

    /// <summary>
    /// Freezes the group (so nothing forks away), SIGKILLs every process in it, thaws, and waits until it is empty.
    /// Killing a host's PID 1 also kills its whole PID namespace (containers included).
    /// </summary>
    public static async Task KillAllAsync(string relative, TimeSpan timeout, CancellationToken ct = default)
    {
        var freezer = LabPaths.CgroupDir("freezer", relative);
        var frozen = false;
        if (Directory.Exists(freezer))
        {
            try { File.WriteAllText(Path.Combine(freezer, "freezer.state"), "FROZEN"); frozen = true; }
            catch (IOException) { }
        }

        try
        {
            foreach (var pid in Processes(relative)) Signal.Kill(pid);
        }
        finally
        {
            if (frozen)
            {
                // Thaw every level: runc may have frozen a container's own group (docker pause).
                foreach (var state in Directory.EnumerateFiles(freezer, "freezer.state", SearchOption.AllDirectories).Reverse())
                {
                    try { File.WriteAllText(state, "THAWED"); } catch (IOException) { }
                }
            }
        }

        // SIGKILL whatever is left until nothing is (a process may fork while its siblings die).
        await Core.Eventually.UntilAsync($"no process left in cgroup {relative} after SIGKILL", _ =>
            {
                var left = Processes(relative);
                foreach (var pid in left) Signal.Kill(pid);
                return Task.FromResult(left);
            },
            left => left.Count == 0, timeout, TimeSpan.FromMilliseconds(20), left => "PIDs " + string.Join(' ', left), ct).ConfigureAwait(false);
    }

    /// <summary>Removes the group and its children (deepest first) in every hierarchy; returns how many directories went.</summary>
    public static int Remove(string relative)
    {
        var removed = 0;
        foreach (var c in Directory.Exists(LabPaths.CgroupRoot) ? Directory.GetDirectories(LabPaths.CgroupRoot) : [])
        {
            var dir = Path.Combine(c, relative);
            if (!Directory.Exists(dir)) continue;
            foreach (var d in Directory.GetDirectories(dir, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(dir))
            {
                try { Directory.Delete(d); removed++; }
                catch (IOException) { }
            }
        }

        return removed;
    }
}

public static partial class Signal
{
    [System.Runtime.InteropServices.LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    public static bool Kill(int pid, int signal = 9) => pid > 0 && kill(pid, signal) == 0;
}
