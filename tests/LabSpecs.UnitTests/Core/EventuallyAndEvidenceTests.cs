using LabSpecs.Core;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Core;

public class EventuallyAndEvidenceTests
{
    [Test]
    public async Task A_wait_that_converges_records_its_attempts_and_what_each_saw()
    {
        var log = new EvidenceLog();
        var n = 0;

        var outcome = await Eventually.UntilAsync("counter reaches 3", _ => Task.FromResult(++n), v => v >= 3, TimeSpan.FromSeconds(5),
            TimeSpan.FromMilliseconds(1), v => $"counter {v}", evidence: log);

        var wait = log.Items.ShouldHaveSingleItem().Wait.ShouldNotBeNull();
        wait.ShouldBe(outcome);
        wait.Converged.ShouldBeTrue();
        wait.Attempts.ShouldBe(3);
        wait.Seen.Select(a => a.Value).ShouldBe(["counter 1", "counter 2", "counter 3"]);
        log.Items[0].Content.ShouldBe($"counter reaches 3: converged after 3 attempt(s) in {outcome.Elapsed.TotalSeconds:0.00} s");
    }

    [Test]
    public async Task A_wait_that_times_out_records_that_it_did_not_converge_then_throws()
    {
        var log = new EvidenceLog();

        var e = await Should.ThrowAsync<WaitTimeoutException>(() => Eventually.UntilAsync("never", _ => Task.FromResult(false), v => v,
            TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(5), evidence: log));

        var wait = log.Items.ShouldHaveSingleItem().Wait.ShouldNotBeNull();
        wait.Converged.ShouldBeFalse();
        wait.Attempts.ShouldBeGreaterThan(1);
        e.Message.ShouldContain($"({wait.Attempts} attempt(s))");
    }

    [Test]
    public async Task A_long_wait_keeps_its_first_and_last_attempts()
    {
        var n = 0;
        var outcome = await Eventually.UntilAsync("count to 100", _ => Task.FromResult(++n), v => v >= 100, TimeSpan.FromSeconds(30), TimeSpan.Zero);

        outcome.Attempts.ShouldBe(100);
        outcome.Seen.Count.ShouldBe(2 * Eventually.KeptAttempts);
        outcome.Seen[0].Value.ShouldBe("1");
        outcome.Seen[^1].Value.ShouldBe("100");
    }

    [Test]
    public void A_command_round_trips_through_its_json_attachment()
    {
        var r = new ExecResult("docker network inspect bridge", "docker-host", 0, "[{\"Name\": \"bridge\"}]\n", "", TimeSpan.FromMilliseconds(12.5), Channels.DockerApi);

        var (back, diagnostic, file) = EvidenceJson.ReadCommand(EvidenceJson.Command(r));

        back.ShouldBe(r with { Started = back.Started });
        back.Started.ShouldBe(r.Started, TimeSpan.FromMilliseconds(1));
        diagnostic.ShouldBeFalse();
        file.ShouldBeNull();
    }

    [Test]
    public void A_long_output_is_cut_in_the_attachment_and_names_the_file_with_all_of_it()
    {
        var r = new ExecResult("seq 100000", "localhost", 0, new string('x', EvidenceJson.MaxOutputChars * 2), "", TimeSpan.Zero);

        EvidenceJson.IsLong(r).ShouldBeTrue();
        var (back, _, file) = EvidenceJson.ReadCommand(EvidenceJson.Command(r, fullOutputFile: "1-00001.output.txt"));

        back.Stdout.Length.ShouldBeLessThan(EvidenceJson.MaxOutputChars + 100);
        back.Stdout.ShouldEndWith("more characters in the full output file)");
        file.ShouldBe("1-00001.output.txt");
    }

    [Test]
    public void A_wait_round_trips_through_its_json_attachment()
    {
        var w = new WaitOutcome("docker0 is UP", true, 3, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(30),
            [new(TimeSpan.Zero, "DOWN"), new(TimeSpan.FromSeconds(0.6), "DOWN"), new(TimeSpan.FromSeconds(1.2), "UP")]);

        var back = EvidenceJson.ReadWait(EvidenceJson.Wait(w));

        back.ToString().ShouldBe("docker0 is UP: converged after 3 attempt(s) in 1.20 s");
        back.Seen.ShouldBe(w.Seen);
    }
}
