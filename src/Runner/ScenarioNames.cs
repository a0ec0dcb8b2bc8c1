namespace LabSpecs.Runner;

/// <summary>
/// Test names a reader recognises: "Feature › Scenario", outline rows "Feature › Scenario [col=value, …]".
/// Names are unique within a feature; a repeated name gets " (line N)" appended, N being its line in the file.
/// </summary>
public static class ScenarioNames
{
    public const string Separator = " › ";

    /// <summary>The NUnit fixture class whose tests are the lab scenarios (a test of the lab assembly checks the name).</summary>
    public const string FixtureClass = "LabSpecs.Features.LabFeatures";

    public static string Of(string feature, string scenario, IReadOnlyList<KeyValuePair<string, string>> exampleValues)
    {
        var name = feature + Separator + (string.IsNullOrWhiteSpace(scenario) ? "(unnamed scenario)" : scenario.Trim());
        return exampleValues.Count == 0 ? name : $"{name} [{string.Join(", ", exampleValues.Select(v => $"{v.Key}={v.Value}"))}]";
    }

    /// <summary>Name of the failing test that stands for a feature file that does not parse.</summary>
    public static string ForParseError(string relativePath) => relativePath + Separator + "does not parse";

    internal static void MakeUnique(List<ScenarioCase> cases)
    {
        var repeated = cases.GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        for (var i = 0; i < cases.Count; i++)
        {
            if (repeated.Contains(cases[i].Name))
            {
                cases[i] = cases[i] with { Name = $"{cases[i].Name} (line {cases[i].Line})" };
            }
        }
    }
}
