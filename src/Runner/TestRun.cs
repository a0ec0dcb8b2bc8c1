using System.Reflection;
using System.Text.Json;
using Reqnroll;

namespace LabSpecs.Runner;

/// <summary>Start and end of a Reqnroll test run for the test assembly; called from its assembly-level [SetUpFixture].</summary>
public static class TestRun
{
    public const string HtmlReportName = "labspecs-report.html";
    public const string MessagesReportName = "labspecs-report.ndjson";

    /// <summary>Absolute reports directory of the current run (set by <see cref="StartAsync"/>).</summary>
    public static string? ReportsDirectory { get; private set; }

    public static async Task StartAsync(Assembly testAssembly)
    {
        var start = AssemblyDirectory(testAssembly);
        ReportsDirectory = RunnerPaths.ReportsDirectory(start);
        if (DryRun.IsOn)
        {
            ReportsDirectory = Path.Combine(ReportsDirectory, DryRun.ReportsSubdirectory);
        }

        Directory.CreateDirectory(ReportsDirectory);
        EvidenceFiles.Clear();
        SetIfMissing("REQNROLL_TELEMETRY_ENABLED", "0");
        // Absolute paths: Reqnroll resolves relative formatter paths against the working directory, which dotnet test varies.
        SetIfMissing("REQNROLL_FORMATTERS", FormattersJson(ReportsDirectory));
        try
        {
            await TestRunnerManager.OnTestRunStartAsync(testAssembly).ConfigureAwait(false);
        }
        catch (Exception e) when (ScenarioExecutor.SkipReason(e) is { } reason)
        {
            // a BeforeTestRun hook found the machine lacks something every scenario needs: all tests are skipped with the reason
            throw new NUnit.Framework.IgnoreException(reason);
        }
    }

    /// <summary>Runs AfterTestRun hooks and makes the formatters write the report files.</summary>
    public static Task EndAsync(Assembly testAssembly) => TestRunnerManager.OnTestRunEndAsync(testAssembly);

    public static string AssemblyDirectory(Assembly testAssembly) =>
        Path.GetDirectoryName(testAssembly.Location) is { Length: > 0 } dir ? dir : AppContext.BaseDirectory;

    public static string FormattersJson(string reportsDirectory) => JsonSerializer.Serialize(new
    {
        formatters = new Dictionary<string, object>
        {
            ["html"] = new { outputFilePath = Path.Combine(reportsDirectory, HtmlReportName) },
            ["message"] = new { outputFilePath = Path.Combine(reportsDirectory, MessagesReportName) },
        },
    });

    private static void SetIfMissing(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
