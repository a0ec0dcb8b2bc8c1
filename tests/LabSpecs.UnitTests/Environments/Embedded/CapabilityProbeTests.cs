using LabSpecs.UnitTests.Drivers;
using LabSpecs.Environments.Embedded;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments.Embedded;

public sealed class CapabilityProbeTests
{
    [Test]
    public void Probe_output_recorded_on_this_machine_parses_into_present_and_missing_with_reasons()
    {
        var output = Recorded.Read(Path.Combine("Environments", "probe-capabilities.txt"));

        var caps = CapabilityProbe.Parse(output);

        caps.Has("vxlan").ShouldBeTrue();
        caps.Has("bridge").ShouldBeTrue();
        caps.Has("gre").ShouldBeFalse();
        caps.WhyMissing("gre").ShouldContain("has no GRE (ip link add");
        caps.WhyMissing("ipvs").ShouldContain("IPVS");
        caps.WhyMissing("no-such-thing").ShouldContain("unknown");
    }

    [Test]
    public void Ledger_start_time_of_this_process_matches_and_a_wrong_one_does_not()
    {
        var pid = Environment.ProcessId;
        var start = ProcessInfo.StartTime(pid);

        start.ShouldBeGreaterThan(0);
        ProcessInfo.IsAlive(pid, start).ShouldBeTrue();
        ProcessInfo.IsAlive(pid, start + 1).ShouldBeFalse("a reused PID with another start time is not the owner");
    }

    [Test]
    public void Environment_ids_are_recognised_and_nothing_else_is()
    {
        LabPaths.IsEnvironmentId(LabPaths.NewId()).ShouldBeTrue();
        LabPaths.IsEnvironmentId("x-drv-1234").ShouldBeFalse();
        LabPaths.IsEnvironmentId("ls-zzzzzz").ShouldBeFalse();
        LabPaths.UnderlayLinkName("a-very-long-host-name").Length.ShouldBe(15);
    }
}
