using System.Collections.Concurrent;
using System.Reflection;

namespace LabSpecs.Runner;

/// <summary>
/// Before a feature's first scenario runs, every step of every scenario of that feature goes through the dry run's check
/// (<see cref="StepBindings"/>), once per feature. A feature with a step no binding takes fails each of its scenarios at once,
/// naming the steps as file:line with the catalog's closest phrases, before any hook runs or any environment boots:
/// a learner's typo costs a second, not an environment.
/// </summary>
public static class FeatureBindings
{
    private static readonly ConcurrentDictionary<LabFeature, Lazy<Task<IReadOnlyList<StepBindingProblem>>>> Checked = new();

    public static async Task EnsureBoundAsync(ScenarioCase scenario, Assembly testAssembly)
    {
        var problems = await Checked.GetOrAdd(scenario.Feature,
            f => new(() => StepBindings.CheckAsync(f.Scenarios, testAssembly))).Value.ConfigureAwait(false);
        if (problems.Count > 0)
        {
            throw new NUnit.Framework.AssertionException(Describe(scenario, problems));
        }
    }

    /// <summary>Forgets what was checked of <paramref name="feature"/> (the file changed: watch mode reads it again).</summary>
    public static void Forget(LabFeature feature) => Checked.TryRemove(feature, out _);

    public static string Describe(ScenarioCase scenario, IReadOnlyCollection<StepBindingProblem> problems)
    {
        var own = problems.Where(p => scenario.Steps.Any(s => p.Location.EndsWith($":{s.Line}", StringComparison.Ordinal))).ToList();
        var why = own.Count > 0
            ? $"{own.Count} step(s) of this scenario match no step of the step library (or more than one); nothing ran, no environment was started:"
            : "not run: other scenarios of this feature have steps that match no step of the step library; nothing ran, no environment was started:";
        return why + "\n" + string.Join('\n', (own.Count > 0 ? own : problems).Select(p => p.ToString()));
    }
}
