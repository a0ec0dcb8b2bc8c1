using NUnit.Framework;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Drivers.Diagnostics;
using LabSpecs.Environments.Ssh;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Diagnostics;

public class EvidenceAndDiagnosticsTests
{
    [Test]
    public async Task A_local_command_is_recorded_with_its_prompt_line_and_output()
    {
        var log = new EvidenceLog();
        var shell = new HostShell(new ThisMachine("host1"), log);

        var result = await shell.RunAsync("echo hello; echo oops >&2; exit 2", TimeSpan.FromSeconds(10));

        result.ExitCode.ShouldBe(2, result.ToTranscript());
        var item = log.Items.ShouldHaveSingleItem();
        item.Title.ShouldBe("echo hello; echo oops >&2; exit 2");
        item.Content.ShouldBe("[host1 via local]$ echo hello; echo oops >&2; exit 2\nhello\noops\n(exit code 2)", item.Content);
        item.IsDiagnostic.ShouldBeFalse();
    }

    [Test]
    public async Task Diagnostics_are_marked_and_a_failing_collector_writes_its_error_instead_of_throwing()
    {
        var collector = new DiagnosticsCollector(new HostShell(new UnreachableHost("broken"), NullEvidenceSink.Instance), docker: null, TimeSpan.FromSeconds(2));

        var items = await collector.CollectAsync();

        items.Select(i => i.Title).ShouldBe(DiagnosticsCollector.HandbookViews.Concat(DiagnosticsCollector.HostCommands).Select(c => $"[broken] {c}"));
        items.ShouldAllBe(i => i.IsDiagnostic);
        items.ShouldAllBe(i => i.Content.Contains("could not collect: no route to broken"), string.Join("\n", items.Select(i => i.Content)));
    }

    [Test]
    public async Task A_diagnostic_that_hangs_is_cut_off_at_its_timeout()
    {
        var collector = new DiagnosticsCollector(new HostShell(new HangingHost("hanging"), NullEvidenceSink.Instance), docker: null, TimeSpan.FromMilliseconds(200));

        var items = await collector.CollectAsync();

        items.ShouldAllBe(i => i.Content.Contains("timed out"), string.Join("\n", items.Select(i => i.Content)));
    }

    [Test]
    public async Task Diagnostics_of_this_machine_hold_real_ip_output()
    {
        var collector = new DiagnosticsCollector(new HostShell(new ThisMachine(), NullEvidenceSink.Instance));

        var items = await collector.CollectAsync();

        var ipAddr = items.Single(i => i.Title == "[localhost] ip addr");
        ipAddr.Content.ShouldContain("lo:", customMessage: ipAddr.Content);
    }

    [TestCase("SHA256:qXzH7Wpd5Y9n6pkYL2o6cqcm9ClLT2UkWZah7LXYXek", "qXzH7Wpd5Y9n6pkYL2o6cqcm9ClLT2UkWZah7LXYXek", true)]
    [TestCase("qXzH7Wpd5Y9n6pkYL2o6cqcm9ClLT2UkWZah7LXYXek=", "qXzH7Wpd5Y9n6pkYL2o6cqcm9ClLT2UkWZah7LXYXek", true)]
    [TestCase("SHA256:qXzH7Wpd5Y9n6pkYL2o6cqcm9ClLT2UkWZah7LXYXeK", "qXzH7Wpd5Y9n6pkYL2o6cqcm9ClLT2UkWZah7LXYXek", false)]
    [TestCase("", "qXzH7Wpd5Y9n6pkYL2o6cqcm9ClLT2UkWZah7LXYXek", false)]
    public void Host_key_pins_compare_the_forms_people_copy(string pinned, string presented, bool matches)
    {
        HostKeyPin.Matches(pinned, presented).ShouldBe(matches);
    }
}
