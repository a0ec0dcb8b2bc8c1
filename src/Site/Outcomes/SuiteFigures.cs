using LabSpecs.Runner;

namespace LabSpecs.Site;

/// <summary>A scenario's cleanup and reset time (what <see cref="SuiteFigures.DearestCleanups"/> lists).</summary>
public sealed record CleanupCost(string Scenario, double Seconds);

/// <summary>
/// Figures of one lab-suite run from its messages: wall time, where scenario time goes (steps, cleanup hooks, the reset,
/// other hooks), and the framework's own time per step (median passed step of the runner self-test features, which run
/// no commands). Figures, never assertions; bench/suite-figures.sh and bench/goals.sh print them.
/// </summary>
public sealed record SuiteFigures(double WallSeconds, int TestCases, double ScenarioSeconds, double StepSeconds, double CleanupSeconds,
    double ResetSeconds, double FrameworkMsPerStep, IReadOnlyList<CleanupCost> DearestCleanups)
{
    public double OtherHookSeconds => ScenarioSeconds - StepSeconds - CleanupSeconds - ResetSeconds;

    public double CleanupSharePercent => ScenarioSeconds > 0 ? (CleanupSeconds + ResetSeconds) / ScenarioSeconds * 100 : 0;

    public static SuiteFigures Of(RunMessages run)
    {
        var steps = run.StepResults.Values.SelectMany(f => f).Select(f =>
        {
            var started = run.Started.GetValueOrDefault(f.TestCaseStartedId);
            var testCase = started is null ? null : run.TestCases.GetValueOrDefault(started.TestCaseId);
            var pickle = testCase is null ? null : run.Pickles.GetValueOrDefault(testCase.PickleId);
            var hookId = testCase?.TestSteps.FirstOrDefault(s => s.Id == f.TestStepId)?.HookId;
            var kind = hookId is null ? null : run.Hooks.GetValueOrDefault(hookId)?.SourceReference?.JavaMethod?.MethodName ?? "hook";
            return (Scenario: pickle?.Name ?? "?", Uri: pickle?.Uri ?? "", Kind: kind, Passed: f.TestStepResult.Status == Io.Cucumber.Messages.Types.TestStepResultStatus.PASSED,
                Seconds: LabBook.Span(f.TestStepResult.Duration).TotalSeconds);
        }).ToList();
        bool IsCleanup(string? kind) => kind is not null && LabHooks.Cleanup.Contains(kind);
        bool IsReset(string? kind) => kind is not null && LabHooks.Reset.Contains(kind);
        var framework = steps.Where(s => s is { Kind: null, Passed: true } && s.Uri.StartsWith("runner/", StringComparison.Ordinal))
            .Select(s => s.Seconds * 1000).Order().ToList();
        var wall = run.RunsStarted.Count > 0 && run.RunsFinished.Count > 0
            ? run.RunsFinished.Max(r => LabBook.Seconds(r.Timestamp)) - run.RunsStarted.Min(r => LabBook.Seconds(r.Timestamp)) : 0;
        return new SuiteFigures(wall, run.Started.Count, steps.Sum(s => s.Seconds), steps.Where(s => s.Kind is null).Sum(s => s.Seconds),
            steps.Where(s => IsCleanup(s.Kind)).Sum(s => s.Seconds), steps.Where(s => IsReset(s.Kind)).Sum(s => s.Seconds),
            framework.Count == 0 ? 0 : framework[framework.Count / 2],
            steps.Where(s => IsCleanup(s.Kind) || IsReset(s.Kind)).GroupBy(s => s.Scenario)
                .Select(g => new CleanupCost(g.Key, g.Sum(s => s.Seconds))).OrderByDescending(c => c.Seconds).Take(5).ToList());
    }
}
