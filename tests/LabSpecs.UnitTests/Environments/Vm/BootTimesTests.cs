using LabSpecs.Environments.Vm;
using LabSpecs.UnitTests.Drivers;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments.Vm;

/// <summary>The ready line and boot failures read from a real VM console (Recorded/Environments/vm-console-bookworm.log, see Recorded/README.md).</summary>
public sealed class BootTimesTests
{
    private static readonly string Console = Recorded.Read("Environments/vm-console-bookworm.log");

    [Test]
    public void The_ready_line_is_found_among_systemds_escape_sequences_and_not_in_the_units_own_starting_line()
    {
        var line = BootTimes.FindReadyLine(Console).ShouldNotBeNull();
        line.ShouldBe("labspecs-ready kernel=4.33 initrd=5.93 userspace=74.05 docker=82.94");
        BootTimes.FindReadyLine(Console[..Console.IndexOf("\nlabspecs-ready", StringComparison.Ordinal)]).ShouldBeNull();
    }

    [Test]
    public void The_split_says_how_much_was_kernel_initrd_and_systemd_to_dockerd()
    {
        var times = BootTimes.Parse(BootTimes.FindReadyLine(Console)!);
        (times.Kernel, times.Initrd, times.Userspace, times.Docker).ShouldBe((4.33, 5.93, 74.05, 82.94));
        times.ToString().ShouldBe("kernel 4.3 s, initrd 5.9 s, systemd to dockerd 72.7 s (userspace 74.1 s)");
    }

    [Test]
    public void A_booting_console_is_no_failure_but_a_panic_or_emergency_mode_is_one_at_once()
    {
        BootTimes.FailureIn(Console).ShouldBeNull();
        // the kernel's and systemd's own words (init/main.c "Kernel panic - not syncing", systemd's emergency.service banner)
        BootTimes.FailureIn(Console + "\n[    5.1] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n").ShouldBe("the kernel panicked");
        BootTimes.FailureIn(Console + "\nYou are in emergency mode. After logging in, type \"journalctl -xb\" to view\n").ShouldBe("systemd gave up and entered emergency mode");
    }
}
