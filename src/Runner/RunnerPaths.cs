using NUnit.Framework;

namespace LabSpecs.Runner;

/// <summary>
/// Where the features are read from and where the reports go. Resolved to absolute paths so a run does not depend on
/// the working directory `dotnet test` happens to use.
/// </summary>
public static class RunnerPaths
{
    public const string FeaturesVariable = "LABSPECS_FEATURES";
    public const string ReportsVariable = "LABSPECS_REPORTS";
    public const string FeaturesParameter = "FeaturesDirectory";
    public const string SolutionFileName = "LabSpecs.sln";

    /// <summary>features/ directory: LABSPECS_FEATURES, else runsettings TestRunParameter FeaturesDirectory, else &lt;repo&gt;/features.</summary>
    public static string FeaturesDirectory(string startDirectory) =>
        FromEnvironment(FeaturesVariable)
        ?? FromTestParameters()
        ?? Path.Combine(RepositoryRoot(startDirectory), "features");

    /// <summary>reports/ directory: LABSPECS_REPORTS, else &lt;repo&gt;/reports.</summary>
    public static string ReportsDirectory(string startDirectory) =>
        FromEnvironment(ReportsVariable) ?? Path.Combine(RepositoryRoot(startDirectory), "reports");

    /// <summary>The nearest folder at or above <paramref name="startDirectory"/> that holds LabSpecs.sln.</summary>
    public static string RepositoryRoot(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"No {SolutionFileName} found at or above {startDirectory}; set {FeaturesVariable} and {ReportsVariable} to run outside the repository.");
    }

    private static string? FromEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? Path.GetFullPath(value) : null;

    private static string? FromTestParameters() =>
        TestContext.Parameters.Get(FeaturesParameter) is { Length: > 0 } value ? Path.GetFullPath(value) : null;
}
