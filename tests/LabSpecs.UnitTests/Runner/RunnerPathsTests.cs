using System.Text.Json;
using LabSpecs.Runner;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Runner;

[NonParallelizable] // changes process environment variables
public class RunnerPathsTests
{
    [Test]
    public void Environment_variables_override_the_features_and_reports_directories()
    {
        var features = Environment.GetEnvironmentVariable(RunnerPaths.FeaturesVariable);
        var reports = Environment.GetEnvironmentVariable(RunnerPaths.ReportsVariable);
        try
        {
            Environment.SetEnvironmentVariable(RunnerPaths.FeaturesVariable, "/tmp/x-runner-f");
            Environment.SetEnvironmentVariable(RunnerPaths.ReportsVariable, "/tmp/x-runner-r");

            RunnerPaths.FeaturesDirectory("/").ShouldBe("/tmp/x-runner-f");
            RunnerPaths.ReportsDirectory("/").ShouldBe("/tmp/x-runner-r");
        }
        finally
        {
            Environment.SetEnvironmentVariable(RunnerPaths.FeaturesVariable, features);
            Environment.SetEnvironmentVariable(RunnerPaths.ReportsVariable, reports);
        }
    }

    [Test]
    public void Report_paths_handed_to_Reqnroll_are_absolute_and_under_the_reports_directory()
    {
        using var json = JsonDocument.Parse(TestRun.FormattersJson("/work/repo/reports"));

        var formatters = json.RootElement.GetProperty("formatters");
        formatters.GetProperty("html").GetProperty("outputFilePath").GetString().ShouldBe("/work/repo/reports/labspecs-report.html");
        formatters.GetProperty("message").GetProperty("outputFilePath").GetString().ShouldBe("/work/repo/reports/labspecs-report.ndjson");
    }
}
