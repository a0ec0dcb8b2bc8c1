namespace LabSpecs.Runner;

/// <summary>
/// A dry run binds every step of the selected scenarios (<see cref="StepBindings"/>) and runs nothing else: no hook, no
/// environment, no host. Switched on with Reqnroll's own variable <c>REQNROLL_DRY_RUN=true</c> (which also makes Reqnroll's
/// runtime skip every binding it would invoke); <c>run.ps1 run -DryRun</c> sets it.
/// </summary>
public static class DryRun
{
    public const string Variable = "REQNROLL_DRY_RUN";

    /// <summary>The reports of a dry run go to this sub-directory, so they never replace the last real run's report.</summary>
    public const string ReportsSubdirectory = "dry-run";

    public static bool IsOn => bool.TryParse(Environment.GetEnvironmentVariable(Variable), out var on) && on;

    /// <summary>Passes when every step of the scenario is bound; otherwise fails naming each step as file:line with why.</summary>
    public static async Task BindAsync(ScenarioCase scenario, System.Reflection.Assembly testAssembly)
    {
        var problems = await StepBindings.CheckAsync([scenario], testAssembly).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            throw new NUnit.Framework.AssertionException(Describe(problems));
        }
    }

    public static string Describe(IReadOnlyCollection<StepBindingProblem> problems) =>
        $"{problems.Count} step(s) not bound:\n" + string.Join('\n', problems);
}
