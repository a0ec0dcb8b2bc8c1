using LabSpecs.UnitTests.Drivers;
using LabSpecs.Environments.Images;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments;

/// <summary>The vm image's ready line on the serial console (Images/VmBootTimes.cs), read from a real console log.</summary>
public sealed class VmBootTimesTests
{
    [Test]
    public void The_ready_line_is_found_among_the_kernels_and_systemds_lines_of_a_real_console()
    {
        // a VM of the 20.10-vm image under TCG (bench/vm-boot.sh): status lines with escape sequences and \r\r\n around it
        var times = VmBootTimes.FromConsole(Recorded.Read(Path.Combine("Environments", "vm-console-bookworm.log")));

        times.ShouldBe(new VmBootTimes(5.24, 8.94, 135.62, 87.93));
        times!.Total.ShouldBe(149.8, 0.001);
        times.ToString().ShouldBe("kernel 5.2 s + initrd 8.9 s + userspace 135.6 s (dockerd 87.9 s) = 149.8 s");
    }

    [Test]
    public void A_console_without_the_line_yet_has_no_times()
    {
        var log = Recorded.Read(Path.Combine("Environments", "vm-console-bookworm.log"));
        var beforeReady = log[..log.IndexOf("labspecs-ready kernel=", StringComparison.Ordinal)];

        beforeReady.ShouldContain("labspecs-ready.service"); // systemd's own lines name the unit: not the ready line
        VmBootTimes.FromConsole(beforeReady).ShouldBeNull();
        VmBootTimes.FromConsole("").ShouldBeNull();
    }

    [Test]
    public void A_line_cut_short_or_after_other_output_on_its_line()
    {
        VmBootTimes.FromConsole("labspecs-ready kernel=5.24 initrd=8.94 userspace=").ShouldBeNull();
        VmBootTimes.FromConsole("\u001b[K labspecs-ready kernel=1 initrd=0.5 userspace=20.25 docker=9.75\r\n")
            .ShouldBe(new VmBootTimes(1, 0.5, 20.25, 9.75));
    }

    [Test]
    public void A_second_boot_on_the_same_console_reports_the_last()
    {
        VmBootTimes.FromConsole("labspecs-ready kernel=5 initrd=6 userspace=40 docker=20\r\nlabspecs-ready kernel=1 initrd=2 userspace=3 docker=1\r\n")
            .ShouldBe(new VmBootTimes(1, 2, 3, 1));
    }
}
