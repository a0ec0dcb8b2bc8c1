using System.Reflection;
using System.Text.Json;
using LabSpecs.Runner;
using NUnit.Framework;
using Reqnroll;
using Shouldly;

namespace LabSpecs.UnitTests.Runner;

/// <summary>
/// The runner end to end, in-process: temp feature files -> FeatureLoader -> ScenarioExecutor -> Reqnroll runtime with
/// the bindings of <see cref="RuntimeProbeSteps"/>; NUnit outcomes and the report files are checked.
/// </summary>
[NonParallelizable]
public class ScenarioExecutorTests
{
    private static readonly Assembly TestAssembly = typeof(ScenarioExecutorTests).Assembly;
    private FeatureFiles _files = null!;
    private string _reports = "";
    private bool _ended;

    [OneTimeSetUp]
    public async Task StartTestRunAsync()
    {
        _files = new FeatureFiles();
        _reports = Path.Combine(_files.Directory, "reports");
        Environment.SetEnvironmentVariable(RunnerPaths.ReportsVariable, _reports);
        Environment.SetEnvironmentVariable("REQNROLL_FORMATTERS", TestRun.FormattersJson(_reports));
        await TestRun.StartAsync(TestAssembly);
    }

    [OneTimeTearDown]
    public async Task EndTestRunAsync()
    {
        if (!_ended)
        {
            await TestRun.EndAsync(TestAssembly);
        }

        Environment.SetEnvironmentVariable(RunnerPaths.ReportsVariable, null);
        Environment.SetEnvironmentVariable("REQNROLL_FORMATTERS", null);
        _files.Dispose();
    }

    [Test, Order(1)]
    public async Task A_scenario_whose_steps_hold_passes()
    {
        await RunAsync("Scenario: passes\n    Given x-runner a passing step\n    Then x-runner 2 equals 2");
    }

    [Test, Order(1)]
    public async Task A_failing_assertion_fails_the_test_with_its_message()
    {
        // (Shouldly's own Should.ThrowAsync rethrows ShouldAssertException, so catch it by hand)
        Exception? caught = null;
        try
        {
            await RunAsync("Scenario: fails\n    Then x-runner 2 equals 3");
        }
        catch (ShouldAssertException e)
        {
            caught = e;
        }

        caught.ShouldNotBeNull("a failing step must fail the test");
        caught.Message.ShouldContain("should be");
        caught.Message.ShouldContain("but was");
    }

    [Test, Order(1)]
    public async Task An_undefined_step_fails_before_the_feature_starts_with_the_closest_phrases_and_no_csharp()
    {
        RuntimeProbeSteps.Log.Clear();
        var e = await Should.ThrowAsync<AssertionException>(() =>
            RunAsync("Scenario: undefined\n    Given x-runner a passing step\n    When x-runner a pasing step"));

        // Then it names the file:line and the phrase one letter away, and nothing ran (not even the bound first step)
        e.Message.ShouldContain(".feature:4: When x-runner a pasing step");
        e.Message.ShouldContain("did you mean:\n    x-runner a passing step");
        e.Message.ShouldContain("no environment was started");
        e.Message.ShouldNotContain("[When(");
        e.Message.ShouldNotContain("PendingStepException");
        RuntimeProbeSteps.Log.ShouldNotContain("passing step ran");
    }

    [Test, Order(1)]
    public async Task An_undefined_step_shows_the_csharp_snippet_only_to_who_asks_for_it()
    {
        Environment.SetEnvironmentVariable(StepBindings.SnippetsVariable, "1");
        try
        {
            var e = await Should.ThrowAsync<AssertionException>(() => RunAsync("Scenario: snippet\n    When x-runner nobody wrote this step"));

            e.Message.ShouldContain("[When(\"x-runner nobody wrote this step\")]");
        }
        finally
        {
            Environment.SetEnvironmentVariable(StepBindings.SnippetsVariable, null);
        }
    }

    [Test, Order(1)]
    public async Task An_ambiguous_step_fails_naming_both_bindings()
    {
        var e = await Should.ThrowAsync<AssertionException>(() => RunAsync("Scenario: ambiguous\n    Given x-runner an ambiguous step"));

        e.Message.ShouldContain("ambiguous");
        e.Message.ShouldContain(nameof(RuntimeProbeSteps.AmbiguousOne));
        e.Message.ShouldContain(nameof(RuntimeProbeSteps.AmbiguousTwo));
    }

    [Test, Order(1)]
    public async Task A_pending_step_fails_saying_pending()
    {
        var e = await Should.ThrowAsync<AssertionException>(() => RunAsync("Scenario: pending\n    Given x-runner a pending step"));

        e.Message.ShouldStartWith(ScenarioExecutor.PendingPrefix);
        e.Message.ShouldContain(nameof(RuntimeProbeSteps.Pending));
    }

    [Test, Order(1)]
    public async Task A_missing_capability_in_a_step_skips_the_test_with_the_reason_and_still_runs_after_scenario_hooks()
    {
        var e = await Should.ThrowAsync<IgnoreException>(() => RunAsync(
            "@x-track\n  Scenario: capability in a step\n    Given x-runner the lab needs \"x-vxlan\"\n    Then x-runner the scenario continues"));

        e.Message.ShouldBe("needs x-vxlan: not available on this machine");
        RuntimeProbeSteps.Log.ShouldContain("after scenario: capability in a step");
        RuntimeProbeSteps.Log.ShouldNotContain("continued after capability in a step");
    }

    [Test, Order(1)]
    public async Task A_missing_capability_in_a_before_scenario_hook_skips_the_test_with_the_reason_and_still_runs_after_scenario_hooks()
    {
        var e = await Should.ThrowAsync<IgnoreException>(() => RunAsync(
            "@x-needs-missing @x-track\n  Scenario: capability in a hook\n    Then x-runner the scenario continues"));

        e.Message.ShouldBe("needs x-gre: kernel lacks GRE");
        RuntimeProbeSteps.Log.ShouldContain("after scenario: capability in a hook");
        RuntimeProbeSteps.Log.ShouldNotContain("continued after capability in a hook");
    }

    [Test, Order(1)]
    public async Task A_step_calling_TestIgnore_skips_the_test_with_its_message()
    {
        var e = await Should.ThrowAsync<IgnoreException>(() => RunAsync("Scenario: ignores itself\n    Given x-runner the step ignores itself"));

        e.Message.ShouldBe("x-runner ignored through IUnitTestRuntimeProvider");
    }

    [Test, Order(1)]
    public async Task A_scenario_recording_a_command_and_a_wait_passes()
    {
        await RunAsync("Scenario: typed evidence\n    When x-runner a command with 2000 output lines and a wait of 3 attempts are recorded");
    }

    [Test, Order(2)] // after all the others: it ends the test run
    public async Task Evidence_lands_preformatted_under_its_step_and_every_executed_scenario_is_in_the_report()
    {
        await RunAsync("Scenario: records evidence\n    Given x-runner a passing step\n    When x-runner 300 lines of \"x-runner-mark\" are recorded as evidence");
        await TestRun.EndAsync(TestAssembly);
        _ended = true;

        var envelopes = File.ReadLines(Path.Combine(_reports, TestRun.MessagesReportName)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var stepTexts = envelopes.Where(e => e.TryGetProperty("pickle", out _))
            .SelectMany(e => e.GetProperty("pickle").GetProperty("steps").EnumerateArray())
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("text").GetString()!);
        var pickleStepOfTestStep = envelopes.Where(e => e.TryGetProperty("testCase", out _))
            .SelectMany(e => e.GetProperty("testCase").GetProperty("testSteps").EnumerateArray())
            .Where(s => s.TryGetProperty("pickleStepId", out _))
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("pickleStepId").GetString()!);
        var attachment = envelopes.Where(e => e.TryGetProperty("attachment", out _)).Select(e => e.GetProperty("attachment"))
            .Single(a => a.GetProperty("body").GetString()!.Contains("x-runner-mark 1\n", StringComparison.Ordinal));

        attachment.GetProperty("mediaType").GetString().ShouldBe("text/x.cucumber.log+plain"); // rendered in a <pre> by the HTML report
        attachment.GetProperty("body").GetString()!.Split('\n').Length.ShouldBe(301);
        attachment.GetProperty("body").GetString().ShouldEndWith("x-runner-mark 300");
        stepTexts[pickleStepOfTestStep[attachment.GetProperty("testStepId").GetString()!]]
            .ShouldBe("x-runner 300 lines of \"x-runner-mark\" are recorded as evidence");

        var html = await File.ReadAllTextAsync(Path.Combine(_reports, TestRun.HtmlReportName));
        // (an undefined or ambiguous step stops its scenario before Reqnroll starts it: those are not in the report)
        foreach (var name in new[] { "passes", "fails", "pending", "capability in a step", "records evidence" })
        {
            html.ShouldContain($"\"name\":\"{name}\"");
        }

        html.ShouldContain("x-runner-mark 300");
        // the missing capability shows as skipped steps; the third entry is the AfterScenario hook (cleanup still runs)
        StepStatuses(envelopes, "capability in a step").ShouldBe(["SKIPPED", "SKIPPED", "PASSED"]);
        StepStatuses(envelopes, "passes").ShouldBe(["PASSED", "PASSED"]);
        StepStatuses(envelopes, "fails").ShouldBe(["FAILED"]);
    }

    [Test, Order(3)] // after the report was written
    [Category("browser")]
    public async Task The_html_report_opened_in_headless_chromium_shows_every_executed_scenario()
    {
        _ended.ShouldBeTrue("the report is written by the Order(2) test, which ends the test run");
        var html = Path.Combine(_reports, TestRun.HtmlReportName);

        var rendered = await HeadlessBrowser.RenderedTextAsync(html);

        var lines = rendered.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in new[] { "passes", "fails", "pending", "capability in a step", "records evidence" })
        {
            lines.ShouldContain(name, $"the rendered page should show scenario '{name}'; it showed:\n{string.Join('\n', lines.Take(80))}");
        }

        lines.ShouldContain("x-runner-mark 300", "evidence should be rendered under its step");
        var artifacts = Path.Combine(RunnerPaths.RepositoryRoot(AppContext.BaseDirectory), "artifacts");
        Directory.CreateDirectory(artifacts);
        await HeadlessBrowser.ScreenshotAsync(html, Path.Combine(artifacts, "report-screenshot.png"));
    }

    [Test, Order(3)] // after the report was written
    public void Commands_and_waits_are_attached_as_data_to_their_step_beside_the_log_line()
    {
        _ended.ShouldBeTrue("the report is written by the Order(2) test, which ends the test run");
        var envelopes = File.ReadLines(Path.Combine(_reports, TestRun.MessagesReportName)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var attachments = envelopes.Where(e => e.TryGetProperty("attachment", out _)).Select(e => e.GetProperty("attachment")).ToList();
        JsonElement Of(string mediaType) => attachments.Single(a => a.GetProperty("mediaType").GetString() == mediaType);

        var command = LabSpecs.Core.EvidenceJson.ReadCommand(Of(LabSpecs.Core.EvidenceJson.CommandMediaType).GetProperty("body").GetString()!);
        var wait = LabSpecs.Core.EvidenceJson.ReadWait(Of(LabSpecs.Core.EvidenceJson.WaitMediaType).GetProperty("body").GetString()!);

        command.Result.Command.ShouldBe("x-runner-typed --lines");
        command.Result.Where.ShouldBe("x-host");
        command.Result.ExitCode.ShouldBe(3);
        command.Result.Duration.ShouldBe(TimeSpan.FromMilliseconds(42));
        command.Result.Stderr.ShouldBe("x-runner-typed stderr");
        command.Result.Stdout.ShouldStartWith("x-runner-typed line 00001\n");
        command.Result.Stdout.ShouldNotContain("x-runner-typed line 02000", customMessage: "long output is cut in the typed attachment");
        var full = attachments.Single(a => a.TryGetProperty("fileName", out var f) && f.GetString() == command.FullOutputFile);
        Convert.FromBase64String(full.GetProperty("body").GetString()!).ShouldNotBeEmpty();
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(full.GetProperty("body").GetString()!)).ShouldContain("x-runner-typed line 02000");
        wait.Converged.ShouldBeTrue();
        wait.Attempts.ShouldBe(3);
        wait.Seen.Select(a => a.Value).ShouldBe(["counter 1", "counter 2", "counter 3"]);
        // the readable log line is still there, on the same step
        var step = Of(LabSpecs.Core.EvidenceJson.WaitMediaType).GetProperty("testStepId").GetString();
        attachments.Where(a => a.GetProperty("testStepId").GetString() == step).Select(a => a.GetProperty("mediaType").GetString())
            .ShouldBe(["text/x.cucumber.log+plain", "text/plain", LabSpecs.Core.EvidenceJson.CommandMediaType, "text/x.cucumber.log+plain", LabSpecs.Core.EvidenceJson.WaitMediaType]);
    }

    [Test, Order(3)] // after the report was written
    [Category("browser")]
    public async Task The_site_made_from_this_runs_messages_shows_the_command_and_the_wait_in_headless_chromium()
    {
        _ended.ShouldBeTrue("the report is written by the Order(2) test, which ends the test run");
        var site = LabSpecs.Site.SiteGenerator.Generate(new LabSpecs.Site.SiteOptions(
            [Path.Combine(_reports, TestRun.MessagesReportName)], _files.Directory, "", Path.Combine(_reports, "site")));
        var lab = site.Labs.Where(l => l.Scenarios.Any(s => s.Name == "typed evidence")).ShouldHaveSingleItem();

        var text = await HeadlessBrowser.RenderedTextAsync(Path.Combine(_reports, "site", "labs", lab.Slug + ".html"));

        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldContain("x-runner-typed --lines", $"the page showed:\n{string.Join('\n', lines.Take(80))}");
        lines.ShouldContain("x-host");
        lines.ShouldContain("exit code 3");
        lines.ShouldContain("42 ms");
        lines.ShouldContain(l => l.StartsWith(": converged after 3 attempts in ", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("output cut;", StringComparison.Ordinal));
        (await HeadlessBrowser.RenderedTextAsync(site.IndexPath)).ShouldContain("Executor probe");
    }

    /// <summary>Step results the report holds for the scenario of that name, in step order.</summary>
    private static List<string> StepStatuses(List<JsonElement> envelopes, string scenario)
    {
        string Id(JsonElement e, string kind, string field = "id") => e.GetProperty(kind).GetProperty(field).GetString()!;
        var pickleId = envelopes.Where(e => e.TryGetProperty("pickle", out _)).Single(e => e.GetProperty("pickle").GetProperty("name").GetString() == scenario)
            .GetProperty("pickle").GetProperty("id").GetString();
        var testCaseId = envelopes.Where(e => e.TryGetProperty("testCase", out _)).Single(e => Id(e, "testCase", "pickleId") == pickleId)
            .GetProperty("testCase").GetProperty("id").GetString();
        var startedId = envelopes.Where(e => e.TryGetProperty("testCaseStarted", out _)).Single(e => Id(e, "testCaseStarted", "testCaseId") == testCaseId)
            .GetProperty("testCaseStarted").GetProperty("id").GetString();
        return envelopes.Where(e => e.TryGetProperty("testStepFinished", out _))
            .Select(e => e.GetProperty("testStepFinished"))
            .Where(f => f.GetProperty("testCaseStartedId").GetString() == startedId)
            .Select(f => f.GetProperty("testStepResult").GetProperty("status").GetString()!)
            .ToList();
    }

    private async Task RunAsync(string scenario)
    {
        var path = _files.Write($"f{Guid.NewGuid():N}.feature", "Feature: Executor probe\n  " + scenario + "\n");
        var feature = FeatureLoader.Load(path, _files.Directory);
        feature.ParseError.ShouldBeNull();
        try
        {
            await ScenarioExecutor.RunAsync(feature.Scenarios.ShouldHaveSingleItem(), TestAssembly);
        }
        finally
        {
            await ScenarioExecutor.ReleaseFeatureAsync(feature, TestAssembly);
        }
    }
}
