using System.Globalization;
using System.Text.RegularExpressions;

namespace LabSpecs.Environments.Images;

/// <summary>
/// Where a VM's boot went, from the line the vm image's <c>labspecs-ready.service</c> writes to the serial console once sshd
/// and dockerd run (environments/embedded/build-host-image.sh, make_vm_guest):
/// <c>labspecs-ready kernel=5.57 initrd=6.98 userspace=45.48 docker=26.42</c> (seconds). <see cref="Kernel"/> ends at the
/// initrd's /init, <see cref="Initrd"/> at systemd's start in the root file system, <see cref="Userspace"/> when sshd and
/// dockerd are both up; <see cref="Docker"/> is dockerd's own start within userspace.
/// </summary>
public sealed partial record VmBootTimes(double Kernel, double Initrd, double Userspace, double Docker)
{
    /// <summary>The line's first word; the console holds kernel and systemd messages too.</summary>
    public const string Marker = "labspecs-ready";

    /// <summary>Kernel start to sshd and dockerd up.</summary>
    public double Total => Kernel + Initrd + Userspace;

    /// <summary>The ready line of a console log (the last, should the VM have booted twice), or null while there is none.</summary>
    public static VmBootTimes? FromConsole(string consoleLog)
    {
        VmBootTimes? found = null;
        foreach (Match m in ReadyLine().Matches(consoleLog))
        {
            double S(string name) => double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
            found = new VmBootTimes(S("kernel"), S("initrd"), S("userspace"), S("docker"));
        }

        return found;
    }

    /// <summary>"kernel 5.6 s + initrd 7.0 s + userspace 45.5 s (dockerd 26.4 s) = 58.0 s": as the progress line and the bench show it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"kernel {Kernel:0.0} s + initrd {Initrd:0.0} s + userspace {Userspace:0.0} s (dockerd {Docker:0.0} s) = {Total:0.0} s");

    // not anchored at the line's start: systemd's status lines share the console (the guest starts its line with a newline)
    [GeneratedRegex(@"\blabspecs-ready kernel=(?<kernel>\d+(\.\d+)?) initrd=(?<initrd>\d+(\.\d+)?) userspace=(?<userspace>\d+(\.\d+)?) docker=(?<docker>\d+(\.\d+)?)\r?$", RegexOptions.Multiline)]
    private static partial Regex ReadyLine();
}
