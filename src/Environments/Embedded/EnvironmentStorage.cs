using LabSpecs.Core;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// An environment's state (<c>/var/lib/labspecs/ID</c>: hosts' upper layers, Docker data, keys, ledger) and runtime
/// (<c>/run/labspecs/ID</c>) each live on a tmpfs of their own, mounted in the root mount namespace before the ledger is written.
/// Why: creating a host writes a few hundred small files (layer seed, configs, dockerd's own), and on a journal-less ext4
/// (this machine's /) every new inode scans past the recently deleted ones of the last environment's teardown
/// (<c>recently_deleted</c> in the kernel: 18 % of the CPU of a 16-host start-up). On tmpfs creating and removing them costs
/// nothing, and teardown is an unmount instead of a background <c>rm -rf</c>. Pages are only used as they are written;
/// the catalog's layers stay on disk (read-only, <see cref="LayerSeed"/>).
/// </summary>
internal static class EnvironmentStorage
{
    public static IEnumerable<string> Dirs(LabPaths paths) => [paths.State, paths.Runtime];

    public static async Task MountAsync(LabPaths paths, CancellationToken ct)
    {
        foreach (var dir in Dirs(paths))
        {
            Directory.CreateDirectory(dir);
            await Sh.MustAsync($"mount -t tmpfs -o mode=0755 labspecs-{paths.Id} {LocalProcess.Quote(dir)}", ct: ct).ConfigureAwait(false);
        }
    }

    /// <summary>True when <paramref name="dir"/> is a mount point in this mount namespace.</summary>
    public static bool IsMounted(string dir) =>
        File.ReadLines("/proc/self/mountinfo").Any(l => l.Split(' ') is { Length: > 4 } f && f[4] == dir);

    /// <summary>
    /// Empties and unmounts the tmpfs. Emptied first: a lab host of another environment booted meanwhile by older code may
    /// still hold a copy of this mount in its own mount namespace, and must not keep its pages alive.
    /// </summary>
    public static async Task RemoveAsync(string dir, CancellationToken ct)
    {
        await Sh.RunAsync($"rm -rf --one-file-system {LocalProcess.Quote(dir)}/* {LocalProcess.Quote(dir)}/.[!.]*", TimeSpan.FromSeconds(60), ct: ct).ConfigureAwait(false);
        await Sh.MustAsync($"umount -l {LocalProcess.Quote(dir)}", ct: ct).ConfigureAwait(false);
        Directory.Delete(dir, recursive: true);
    }
}
