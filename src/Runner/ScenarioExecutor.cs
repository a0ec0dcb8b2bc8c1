using System.Reflection;
using System.Runtime.ExceptionServices;
using LabSpecs.Core;
using NUnit.Framework;
using Reqnroll;

namespace LabSpecs.Runner;

/// <summary>
/// Runs one scenario case on Reqnroll's runtime the way generated code would, then turns Reqnroll's verdict into
/// NUnit's: capability missing -> Ignored (skipped), pending or undefined steps -> Failed with Reqnroll's message.
/// </summary>
public static class ScenarioExecutor
{
    public const string UndefinedPrefix = "Undefined step(s): no step definition matches. Add a binding like the one below.";
    public const string PendingPrefix = "Pending step(s): the step definition exists but is marked pending.";

    /// <summary>What became of one step: "passed", "failed", "skipped" (a missing capability) or "not run" (an earlier step failed).</summary>
    public delegate void StepDone(ScenarioStep step, string outcome, TimeSpan took);

    public static async Task RunAsync(ScenarioCase scenario, Assembly testAssembly, StepDone? stepDone = null)
    {
        if (scenario.Feature.ParseError is { } parseError)
        {
            throw new AssertionException($"Feature file does not parse:\n{parseError}");
        }

        if (DryRun.IsOn)
        {
            await DryRun.BindAsync(scenario, testAssembly).ConfigureAwait(false);
            return;
        }

        // every step of the whole feature is bound before its first scenario starts the feature (and boots its environment)
        await FeatureBindings.EnsureBoundAsync(scenario, testAssembly).ConfigureAwait(false);

        var feature = scenario.Feature.Info!;
        var runner = TestRunnerManager.GetTestRunnerForAssembly(testAssembly, featureHint: feature);
        Exception? failure = null;
        try
        {
            await StartFeatureAsync(runner, feature).ConfigureAwait(false);
            runner.OnScenarioInitialize(scenario.ToScenarioInfo(), scenario.Rule);
            await runner.OnScenarioStartAsync().ConfigureAwait(false);
            foreach (var step in scenario.Steps)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var before = runner.ScenarioContext.ScenarioExecutionStatus;
                await RunStepAsync(runner, step).ConfigureAwait(false);
                stepDone?.Invoke(step, Outcome(before, runner.ScenarioContext.ScenarioExecutionStatus), clock.Elapsed);
            }

            await runner.CollectScenarioErrorsAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = Translate(e, runner.ScenarioContext?.ScenarioExecutionStatus);
        }
        finally
        {
            try
            {
                await runner.OnScenarioEndAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (failure is null)
            {
                failure = Translate(e, status: null);
            }
            finally
            {
                TestRunnerManager.ReleaseTestRunner(runner);
            }
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Runs the feature's AfterFeature hooks on every runner that holds it; call when its fixture is done.</summary>
    public static Task ReleaseFeatureAsync(LabFeature feature, Assembly testAssembly) =>
        feature.Info is null ? Task.CompletedTask : TestRunnerManager.ReleaseFeatureAsync(feature.Info, testAssembly);

    /// <summary>The skip reason when <paramref name="e"/> (or an inner exception) means "cannot run here", else null.</summary>
    public static string? SkipReason(Exception e) => e switch
    {
        CapabilityMissingException missing => missing.Message,
        IgnoreException ignore => ignore.Message,
        AggregateException { InnerExceptions.Count: 1 } aggregate => SkipReason(aggregate.InnerExceptions[0]),
        { InnerException: { } inner } => SkipReason(inner),
        _ => null,
    };

    internal static Exception Translate(Exception e, ScenarioExecutionStatus? status)
    {
        if (SkipReason(e) is { } reason)
        {
            return e as IgnoreException ?? new IgnoreException(reason);
        }

        if (e is StepsNotImplementedException)
        {
            var prefix = status == ScenarioExecutionStatus.UndefinedStep ? UndefinedPrefix : PendingPrefix;
            return new AssertionException(prefix + "\n" + e.Message);
        }

        return e;
    }

    private static async Task StartFeatureAsync(ITestRunner runner, FeatureInfo feature)
    {
        if (runner.FeatureContext is { } current && !ReferenceEquals(current.FeatureInfo, feature))
        {
            await runner.OnFeatureEndAsync().ConfigureAwait(false);
        }

        if (runner.FeatureContext is null)
        {
            await runner.OnFeatureStartAsync(feature).ConfigureAwait(false);
        }
        else if (runner.FeatureContext.BeforeFeatureHookError is { } error)
        {
            // a BeforeFeature hook failed for an earlier scenario of this feature: every scenario reports that error
            ExceptionDispatchInfo.Throw(error);
        }
    }

    private static string Outcome(ScenarioExecutionStatus before, ScenarioExecutionStatus after) => (before, after) switch
    {
        (ScenarioExecutionStatus.OK, ScenarioExecutionStatus.OK) => "passed",
        (ScenarioExecutionStatus.OK, ScenarioExecutionStatus.Skipped) => "skipped",
        (ScenarioExecutionStatus.OK, _) => "failed",
        _ => "not run",
    };

    private static Task RunStepAsync(ITestRunner runner, ScenarioStep step)
    {
        var table = step.ToTable();
        return step.Call switch
        {
            StepCall.Given => runner.GivenAsync(step.Text, step.DocString, table, step.Keyword),
            StepCall.When => runner.WhenAsync(step.Text, step.DocString, table, step.Keyword),
            StepCall.Then => runner.ThenAsync(step.Text, step.DocString, table, step.Keyword),
            StepCall.But => runner.ButAsync(step.Text, step.DocString, table, step.Keyword),
            _ => runner.AndAsync(step.Text, step.DocString, table, step.Keyword),
        };
    }
}
