using System.Globalization;

namespace LabSpecs.Environments.Vm;

/// <summary>
/// Where a VM's boot went, from the line the image's <c>labspecs-ready.service</c> writes on the console
/// (<c>labspecs-ready kernel=1.234 initrd=2.345 userspace=30.1 docker=41.0</c>: seconds from systemd-analyze, and the
/// monotonic time dockerd's unit became active), so a user with KVM can compare with TCG here.
/// </summary>
public sealed record BootTimes(double Kernel, double Initrd, double Userspace, double Docker)
{
    /// <summary>The ready line, or null when the console has none yet.</summary>
    public static string? FindReadyLine(string console)
    {
        foreach (var raw in console.Split('\n'))
        {
            var line = raw.Trim('\r', ' ');
            var at = line.IndexOf(QemuHost.ReadyMarker, StringComparison.Ordinal);
            // the marker followed by its fields, not the unit's own "Starting labspecs-ready.service" line
            if (at >= 0 && line.Length > at + QemuHost.ReadyMarker.Length && line[at + QemuHost.ReadyMarker.Length] == ' ' && line.Contains("kernel=", StringComparison.Ordinal))
            {
                return line[at..];
            }
        }

        return null;
    }

    public static BootTimes Parse(string line)
    {
        double Field(string name)
        {
            var token = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(t => t.StartsWith(name + "=", StringComparison.Ordinal));
            return token is not null && double.TryParse(token[(name.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
        }

        return new BootTimes(Field("kernel"), Field("initrd"), Field("userspace"), Field("docker"));
    }

    /// <summary>What on a console means the boot cannot succeed any more (the kernel gave up, or systemd did), or null.</summary>
    public static string? FailureIn(string console)
    {
        foreach (var (marker, why) in Failures)
        {
            if (console.Contains(marker, StringComparison.Ordinal)) return why;
        }

        return null;
    }

    private static readonly (string Marker, string Why)[] Failures =
    [
        ("Kernel panic", "the kernel panicked"),
        ("You are in emergency mode", "systemd gave up and entered emergency mode"),
        ("Give root password for maintenance", "systemd gave up and entered emergency mode"),
        ("ALERT!  /dev/vda does not exist", "the initrd found no root disk (/dev/vda)"),
        ("Gave up waiting for root file system device", "the initrd found no root disk (/dev/vda)"),
    ];

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"kernel {Kernel:0.0} s, initrd {Initrd:0.0} s, systemd to dockerd {Docker - Kernel - Initrd:0.0} s (userspace {Userspace:0.0} s)");
}
