using LabSpecs.Core;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// Each host's Docker data (<c>/var/lib/docker</c>: image layers, containers) lives on its own tmpfs, mounted in the root
/// mount namespace at <c>/var/lib/labspecs/ID/hosts/HOST/docker</c> so it survives a host's power cut like a disk would.
/// Why: unpacking a pulled layer is writing thousands of files; on this machine's disk the 115 MB Debian base layer takes
/// 2.5 s to untar, on tmpfs 0.2 s (README "Images"). The mount carries the environment id in its source name and is
/// unmounted by <see cref="Teardown"/>. <c>LABSPECS_DOCKER_DATA=disk</c> keeps the data on disk instead.
/// </summary>
internal static class DockerDataMount
{
    /// <summary>A cap, not a reservation: tmpfs takes memory only for what is written (the largest lab image is ~300 MB).</summary>
    public const string Size = "4g";

    public static bool OnTmpfs => !string.Equals(Environment.GetEnvironmentVariable("LABSPECS_DOCKER_DATA"), "disk", StringComparison.OrdinalIgnoreCase);

    public static async Task MountAsync(LabPaths paths, string host, CancellationToken ct)
    {
        if (!OnTmpfs) return;
        var dir = Path.Combine(paths.HostState(host), "docker");
        await Sh.MustAsync($"mount -t tmpfs -o size={Size},mode=0711 {Sh.Q(SourceName(paths.Id))} {Sh.Q(dir)}", ct: ct).ConfigureAwait(false);
    }

    /// <summary>Unmounts every mount of the environment in the root mount namespace (its hosts' processes are gone by now).</summary>
    public static async Task<int> UnmountAllAsync(string id, CancellationToken ct)
    {
        var prefix = Path.Combine(LabPaths.StateRoot, id) + "/";
        var mounts = File.ReadLines("/proc/self/mountinfo")
            .Select(l => l.Split(' '))
            .Where(f => f.Length > 4)
            .Select(f => Unescape(f[4]))
            .Where(m => m.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(m => m.Length)
            .ToList();
        foreach (var m in mounts) await Sh.RunAsync($"umount -l {Sh.Q(m)}", ct: ct).ConfigureAwait(false);
        return mounts.Count;
    }

    public static string SourceName(string id) => $"labspecs-docker-{id}";

    private static string Unescape(string field) => field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal);
}
