using LabSpecs.Runner;
using LabSpecs.Site;
using LabSpecs.UnitTests.Runner;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Site;

/// <summary>
/// The site made from a recorded real run (Recorded/Site: `run.ps1 run -Category bridge` on the bridge lab plus two
/// fixture scenarios, one failing on purpose, one needing GRE), checked as a reader sees it in headless Chromium.
/// </summary>
[NonParallelizable]
public class SiteTests
{
    private string _out = "";
    private SiteResult _site = null!;

    private static string Recorded(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Recorded", "Site", name);

    [OneTimeSetUp]
    public void GenerateSite()
    {
        _out = Directory.CreateTempSubdirectory("labspecs-site-").FullName;
        var environments = Path.Combine(RunnerPaths.RepositoryRoot(AppContext.BaseDirectory), "environments", "local.yml");
        _site = SiteGenerator.Generate(new SiteOptions([Recorded("bridge-run.ndjson")], Recorded("features"), environments, _out));
    }

    [OneTimeTearDown]
    public void RemoveSite() => Directory.Delete(_out, recursive: true);

    private Lab Bridge => _site.Labs.Single(l => l.Title == "Bridge Networking Deep Dive");

    [Test]
    public void The_recorded_run_is_read_completely_with_cucumbers_own_reader()
    {
        _site.Messages.Complete.ShouldBeTrue(string.Join('\n', _site.Messages.Truncated));
        _site.Messages.Count.ShouldBeGreaterThan(100);
    }

    [Test]
    public void Scenarios_get_their_outcome_from_the_run_and_labs_that_did_not_run_come_from_the_files()
    {
        Bridge.Chapter.Title.ShouldBe("Networking");
        Bridge.Count(Outcome.Passed).ShouldBe(5);
        Bridge.Scenarios.Single(s => s.Name.Contains("fails with its output")).Outcome.ShouldBe(Outcome.Failed);
        var skipped = Bridge.Scenarios.Single(s => s.Name.Contains("needs GRE"));
        skipped.Outcome.ShouldBe(Outcome.Skipped);
        skipped.Reason.ShouldNotBeNull().ShouldStartWith("needs gre: ");
        skipped.Reason.ShouldNotContain("\n");
        var notRun = _site.Labs.Single(l => l.Uri.EndsWith("09-create-new-bridge.feature", StringComparison.Ordinal));
        notRun.Outcome.ShouldBe(Outcome.NotRun);
        notRun.Scenarios.ShouldAllBe(s => s.Reason == "not in this run: filtered out, in another shard, or skipped before it started (a feature-level skip; see the test results)");
    }

    [Test]
    public void A_messages_file_cut_mid_line_by_a_killed_run_is_read_up_to_its_last_complete_message_and_still_makes_a_site()
    {
        // Given the recorded run cut in the middle of a line, as kill -9 leaves it (FlushingMessageFormatter writes every message at once)
        var text = File.ReadAllText(Recorded("bridge-run.ndjson"));
        var third = 0;
        for (var n = 0; n < 3; n++) third = text.IndexOf("{\"testCaseFinished\"", third + 1, StringComparison.Ordinal);
        var cut = text[..(third + 20)];
        var complete = cut.Count(c => c == '\n');
        var dir = Directory.CreateTempSubdirectory("labspecs-killed-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "killed.ndjson"), cut);

            var site = SiteGenerator.Generate(new SiteOptions([Path.Combine(dir, "killed.ndjson")], Recorded("features"), "", Path.Combine(dir, "site")));

            site.Messages.Count.ShouldBe(complete);
            site.Messages.Complete.ShouldBeFalse();
            site.Messages.Truncated.ShouldHaveSingleItem().ShouldContain($"read {complete} messages, then a cut line");
            var lab = site.Labs.Single(l => l.Title == "Bridge Networking Deep Dive");
            lab.Count(Outcome.Passed).ShouldBe(2);
            lab.Scenarios.Count(s => s.Outcome == Outcome.Failed && s.Reason!.StartsWith("did not finish", StringComparison.Ordinal)).ShouldBe(1);
            lab.Scenarios.ShouldContain(s => s.Outcome == Outcome.NotRun && s.Reason == "the run ended (was killed) before this scenario");
            File.ReadAllText(site.IndexPath).ShouldContain("This run did not finish");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    [Category("browser")]
    public async Task The_index_lists_the_labs_by_chapter_in_the_handbooks_order()
    {
        var lines = await RenderedLinesAsync(_site.IndexPath);

        var chapters = new[] { "1. Docker basics", "2. Networking", "3. Multi-host networking", "4. Swarm", "5. Compose", "6. Kubernetes" };
        var at = chapters.Select(c => Array.IndexOf(lines, c)).ToList();
        at.ShouldAllBe(i => i >= 0, $"every chapter heading should show; the page showed:\n{string.Join('\n', lines.Take(60))}");
        at.ShouldBeInOrder(SortDirection.Ascending);
        var lab = Array.IndexOf(lines, "Bridge Networking Deep Dive");
        lab.ShouldBeGreaterThan(at[1], "the bridge lab is in the networking chapter");
        lab.ShouldBeLessThan(at[2]);
        lines.ShouldContain("Create a new bridge network and connect with container", "a lab that did not run still has its entry");
    }

    [Test]
    [Category("browser")]
    public async Task A_lab_page_shows_each_command_with_host_exit_code_duration_and_output_and_each_wait_with_its_attempts()
    {
        var text = string.Join('\n', await RenderedLinesAsync(Path.Combine(_out, "labs", Bridge.Slug + ".html")));

        var inspect = text.IndexOf("[docker-host]$\ndocker network inspect bridge", StringComparison.Ordinal);
        inspect.ShouldBeGreaterThan(0, $"the terminal block of 'docker network inspect bridge' should show; the page showed:\n{text[..Math.Min(3000, text.Length)]}");
        var head = text[Math.Max(0, inspect - 200)..inspect];
        head.ShouldContain("docker-host");
        head.ShouldContain("exit code 0");
        head.ShouldMatch(@"\d+ ms|\d+\.\d s");
        text[inspect..].ShouldContain("\"Name\": \"bridge\"");
        text.ShouldMatch(@"interface docker0 on docker-host is UP\n?: converged after \d+ attempts? in \d+ ms");
    }

    [Test]
    [Category("browser")]
    public async Task A_failing_scenario_shows_the_failing_step_its_output_and_diagnostics_and_a_skip_shows_its_reason_in_one_line()
    {
        var lines = await RenderedLinesAsync(Path.Combine(_out, "labs", Bridge.Slug + ".html"));
        var text = string.Join('\n', lines);

        var failing = text.IndexOf("Fixture: an expectation changed on purpose", StringComparison.Ordinal);
        failing.ShouldBeGreaterThan(0);
        var section = text[failing..text.IndexOf("Fixture: a scenario that needs GRE", failing, StringComparison.Ordinal)];
        section.ShouldContain("the network \"bridge\" has the subnet \"172.31.0.0/16\" and the gateway \"172.31.0.1\"");
        section.ShouldContain("172.17.0.0/16", customMessage: "the failure shows what was seen");
        section.ShouldContain("Diagnostics collected after the failure");
        section.ShouldContain("ip route");
        lines.ShouldContain(l => l.StartsWith("Skipped: needs gre: ", StringComparison.Ordinal), "the skip's reason, in one line");
        lines.ShouldNotContain(l => l.StartsWith("at LabSpecs.", StringComparison.Ordinal) || l.StartsWith("at Reqnroll.", StringComparison.Ordinal),
            "no .NET stack trace on the page");
    }

    [Test]
    [Category("browser")]
    public async Task A_lab_that_did_not_run_has_its_page_marked_not_run_and_why()
    {
        var lab = _site.Labs.Single(l => l.Uri.EndsWith("09-create-new-bridge.feature", StringComparison.Ordinal));
        var lines = await RenderedLinesAsync(Path.Combine(_out, "labs", lab.Slug + ".html"));

        lines.ShouldContain("Not run: not in this run: filtered out, in another shard, or skipped before it started (a feature-level skip; see the test results)");
        lines.ShouldContain(l => l.Contains("Given", StringComparison.Ordinal) || l == "Given", "the steps are shown in words");
    }

    private static async Task<string[]> RenderedLinesAsync(string html) =>
        (await HeadlessBrowser.RenderedTextAsync(html)).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(l => System.Net.WebUtility.HtmlDecode(l) ?? l).ToArray();
}

/// <summary>What the site offers a learner who edits: where each scenario is, the command that watches it, the step catalog.</summary>
public class TryItTests
{
    private static string Root => RunnerPaths.RepositoryRoot(AppContext.BaseDirectory);

    [Test]
    public void Each_lab_page_names_the_file_and_line_of_every_scenario_and_the_command_that_watches_it()
    {
        var recorded = Path.Combine(TestContext.CurrentContext.TestDirectory, "Recorded", "Site");
        var output = Directory.CreateTempSubdirectory("labspecs-tryit-").FullName;
        try
        {
            var site = SiteGenerator.Generate(new SiteOptions([Path.Combine(recorded, "bridge-run.ndjson")], Path.Combine(recorded, "features"),
                Path.Combine(Root, "environments", "local.yml"), output));
            var bridge = site.Labs.Single(l => l.Title == "Bridge Networking Deep Dive");
            var file = File.ReadAllLines(Path.Combine(recorded, "features", bridge.Uri));
            var page = File.ReadAllText(Path.Combine(output, "labs", bridge.Slug + ".html"));
            foreach (var s in bridge.Scenarios)
            {
                // the line is the scenario's own (or its Examples row's) in the file
                file[s.Line - 1].ShouldContain(s.Name.Split(' ')[0], Case.Sensitive, $"{bridge.Uri}:{s.Line}");
                page.ShouldContain($"dotnet pwsh ./run.ps1 watch features/{bridge.Uri}:{s.Line}");
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Test]
    public void The_step_catalog_page_lists_every_phrase_of_the_committed_catalog_with_its_example_and_a_search_box()
    {
        var markdown = Path.Combine(Root, "docs", "step-catalog.md");
        var output = Directory.CreateTempSubdirectory("labspecs-steps-").FullName;
        try
        {
            var rows = StepCatalogPage.Read(markdown);
            var path = StepCatalogPage.Write(output, markdown).ShouldNotBeNull();

            rows.Count.ShouldBe(File.ReadLines(markdown).Count(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Keyword", StringComparison.Ordinal)));
            var container = rows.Single(r => r.Phrase == "a container {string} from {string}");
            container.Group.ShouldBe("Container");
            container.Example.ShouldNotBeNull();
            var html = File.ReadAllText(path);
            html.ShouldContain("<input id=\"q\" type=\"search\" placeholder=\"Search steps\"");
            html.ShouldContain("<code>a container {string} from {string}</code>");
            html.ShouldContain($"<code>{System.Net.WebUtility.HtmlEncode(container.Example)}</code>");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
