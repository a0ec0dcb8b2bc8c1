using NUnit.Framework;
using LabSpecs.Drivers.Ping;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Ping;

public class PingResultTests
{
    [Test]
    public void Busybox_ping_between_containers_reports_no_loss_and_round_trips()
    {
        var output = Recorded.Read("ping-busybox-ok.txt");
        var ping = PingResult.Parse(output);

        ping.Target.ShouldBe("test2", output);
        ping.Transmitted.ShouldBe(3, output);
        ping.Received.ShouldBe(3, output);
        ping.PacketLoss.ShouldBe(0, output);
        ping.RoundTrip.ShouldBe(new RoundTrip(0.149, 0.842, 2.065), output);
        ping.Reachable.ShouldBeTrue(output);
    }

    [Test]
    public void Busybox_ping_to_a_silent_address_reports_full_loss_without_round_trips()
    {
        var output = Recorded.Read("ping-busybox-loss.txt");
        var ping = PingResult.Parse(output);

        ping.PacketLoss.ShouldBe(100, output);
        ping.Received.ShouldBe(0, output);
        ping.RoundTrip.ShouldBeNull(output);
        ping.Reachable.ShouldBeFalse(output);
    }

    [Test]
    public void Busybox_bad_address_is_a_result_not_an_exception()
    {
        var output = Recorded.Read("ping-busybox-bad-address.txt");
        var ping = PingResult.Parse(output);

        ping.Resolved.ShouldBeFalse(output);
        ping.ResolutionError.ShouldBe("bad address", output);
        ping.Target.ShouldBe("nosuchhost", output);
        ping.Reachable.ShouldBeFalse(output);
    }

    [Test]
    public void Iputils_ping_reports_no_loss_and_rtt()
    {
        var output = Recorded.Read("ping-iputils-ok.txt");
        var ping = PingResult.Parse(output);

        ping.Target.ShouldBe("172.22.0.2", output);
        (ping.Transmitted, ping.Received, ping.PacketLoss).ShouldBe((3, 3, 0d), output);
        ping.RoundTrip.ShouldBe(new RoundTrip(0.048, 0.208, 0.528), output);
    }

    [Test]
    public void Iputils_ping_to_a_silent_address_reports_full_loss()
    {
        var output = Recorded.Read("ping-iputils-loss.txt");
        var ping = PingResult.Parse(output);

        (ping.Transmitted, ping.Received, ping.PacketLoss).ShouldBe((3, 0, 100d), output);
        ping.RoundTrip.ShouldBeNull(output);
    }

    [Test]
    public void Iputils_name_resolution_failure_is_a_result()
    {
        var output = Recorded.Read("ping-iputils-unknown-host.txt");
        var ping = PingResult.Parse(output);

        ping.Resolved.ShouldBeFalse(output);
        ping.Target.ShouldBe("nosuchhost.invalid", output);
        ping.ResolutionError.ShouldBe("Temporary failure in name resolution", output);
    }

    [Test]
    public void Output_that_is_no_ping_fails_with_the_output_in_the_message()
    {
        var e = Should.Throw<FormatException>(() => PingResult.Parse("sh: ping: not found"));

        e.Message.ShouldContain("sh: ping: not found");
    }
}
