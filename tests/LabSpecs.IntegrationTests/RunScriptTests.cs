using System.Diagnostics;
using System.Text;
using LabSpecs.Core;
using LabSpecs.IntegrationTests.Environments.Embedded;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.IntegrationTests;

/// <summary>
/// run.ps1 itself: a run with a failing test exits non-zero and names the failing test while it runs; a passing run exits 0.
/// Each runs the real `dotnet pwsh ./run.ps1 run -NoBuild` on a probe feature (runner steps, no Docker) in a temporary
/// features directory, with its own results and reports directories.
/// </summary>
[TestFixture, Category("run-ps1"), NonParallelizable]
public sealed class RunScriptTests
{
    private static string Root => HostToolsFile.RepositoryRootPath;

    private static string Configuration => AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    [OneTimeSetUp]
    public async Task BuildTheTestAssemblyIfMissing()
    {
        var specs = Path.Combine(Root, "src", "StepDefinitions", "bin", Configuration, "net10.0", "LabSpecs.Specs.dll");
        if (File.Exists(specs)) return;
        (await LocalProcess.RunAsync("dotnet", ["build", Path.Combine(Root, "src", "StepDefinitions"), "-c", Configuration, "-v", "q", "-nologo"],
            TimeSpan.FromMinutes(5))).EnsureSuccess();
    }

    [Test]
    public async Task A_run_with_a_failing_test_exits_non_zero_and_names_it_as_it_goes()
    {
        var run = await RunProbeAsync(expected: 5);

        run.ExitCode.ShouldNotBe(0, run.Output);
        run.Output.ShouldContain("Failed run.ps1 probe › two and two", Case.Sensitive, run.Output);
        run.Output.ShouldContain("Tests: 0 passed, 1 failed, 0 skipped", Case.Sensitive, run.Output);
    }

    [Test]
    public async Task A_run_whose_tests_all_pass_exits_zero()
    {
        var run = await RunProbeAsync(expected: 4);

        run.ExitCode.ShouldBe(0, run.Output);
        run.Output.ShouldContain("Passed run.ps1 probe › two and two", Case.Sensitive, run.Output);
        run.Output.ShouldContain("Tests: 1 passed, 0 failed, 0 skipped", Case.Sensitive, run.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunProbeAsync(int expected)
    {
        var dir = Directory.CreateTempSubdirectory("labspecs-run-ps1-").FullName;
        try
        {
            var features = Directory.CreateDirectory(Path.Combine(dir, "features")).FullName;
            await File.WriteAllTextAsync(Path.Combine(features, "probe.feature"), $"""
                @run-ps1-probe
                Feature: run.ps1 probe
                  Scenario: two and two
                    Given the calculator is cleared
                    When I add 2 and 2
                    Then the result is {expected}
                """);
            var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "pwsh", "-NoProfile", "-File", "./run.ps1", "run", "-NoBuild", "-Category", "run-ps1-probe", "-Configuration", Configuration })
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment["LABSPECS_FEATURES"] = features;
            psi.Environment["LABSPECS_RESULTS"] = Path.Combine(dir, "results");
            psi.Environment["LABSPECS_REPORTS"] = Path.Combine(dir, "reports");
            psi.Environment["NO_COLOR"] = "1";
            using var p = Process.Start(psi)!;
            var output = new StringBuilder();
            var lines = new object();
            p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lines) output.AppendLine(e.Data); };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) output.AppendLine(e.Data); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            await p.WaitForExitAsync(cts.Token);
            var text = output.ToString();
            // only the exit code goes to the live log: the nested run's own closing line must not read as this run's
            TestContext.Progress.WriteLine($"  nested run.ps1 exited {p.ExitCode} (its output is in the assertion message on failure)");
            return (p.ExitCode, text);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
