using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Reqnroll;

namespace LabSpecs.Runner;

/// <summary>
/// One step definition: its keyword(s), its cucumber expression, where it is bound, a use of it from a feature, and the tag it
/// is scoped to (the same words bound differently in features with that tag, e.g. "I run" as kubectl in @k8s features).
/// </summary>
public sealed record CatalogEntry(string Group, string Keywords, string Pattern, string Method, string? Example, string? ScopeTag = null);

/// <summary>Puts the step definitions of a class under a chapter heading of the step catalog instead of the class name.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StepGroupAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// The step catalog (docs/step-catalog.md): every [Given]/[When]/[Then] of the step library, with an example of use taken from
/// the features. Generated from the bindings, so it cannot drift; a test fails when the committed file is stale. The same
/// entries give an undefined step its "did you mean" (<see cref="StepSuggestions"/>) and the site its searchable catalog.
/// </summary>
public static partial class StepCatalog
{
    public static IReadOnlyList<CatalogEntry> Entries(Assembly bindings, string featuresDirectory)
    {
        var steps = FeatureSteps(featuresDirectory, tag: null);
        return bindings.GetTypes()
            .Where(t => t.GetCustomAttribute<BindingAttribute>() is not null)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .SelectMany(m => m.GetCustomAttributes<StepDefinitionBaseAttribute>()
                    .GroupBy(a => a.Expression ?? "")
                    .Select(g =>
                    {
                        var scope = (m.GetCustomAttribute<ScopeAttribute>() ?? t.GetCustomAttribute<ScopeAttribute>())?.Tag;
                        return new CatalogEntry(
                            GroupOf(t),
                            string.Join("/", g.SelectMany(a => a.Types).Distinct().Select(k => k.ToString())),
                            g.Key,
                            $"{t.Name}.{m.Name}",
                            FirstUse(g.Key, scope is null ? steps : FeatureSteps(featuresDirectory, scope)),
                            scope);
                    })))
            .OrderBy(e => e.Group, StringComparer.Ordinal)
            .ThenBy(e => e.Pattern, StringComparer.Ordinal)
            .ToList();
    }

    public static string Markdown(IReadOnlyList<CatalogEntry> entries)
    {
        var md = new StringBuilder();
        md.AppendLine("# Step catalog");
        md.AppendLine();
        md.AppendLine("Every step the LabSpecs step library understands, with an example of use from the features.");
        md.AppendLine("Generated from the bindings by `StepCatalogTests` — do not edit by hand; regenerate with");
        md.AppendLine("`LABSPECS_UPDATE_STEP_CATALOG=1 dotnet test tests/LabSpecs.UnitTests --filter Category=step-catalog`.");
        md.AppendLine("Parameters: `{string}` is text in double quotes, `{int}` a whole number, `{word}` one word; `(s)` is an optional letter.");
        md.AppendLine("Tags and terms: [features/GLOSSARY.md](../features/GLOSSARY.md).");
        foreach (var group in entries.GroupBy(e => e.Group))
        {
            md.AppendLine();
            md.AppendLine($"## {group.Key}");
            md.AppendLine();
            md.AppendLine("| Keyword | Step | Example | Binding |");
            md.AppendLine("|---|---|---|---|");
            foreach (var e in group)
            {
                md.AppendLine($"| {e.Keywords} | `{Cell(e.Pattern)}`{(e.ScopeTag is null ? "" : $" (in `@{e.ScopeTag}` features)")} | {(e.Example is null ? "_(not used by a feature yet)_" : $"`{Cell(e.Example)}`")} | {e.Method} |");
            }
        }

        return md.ToString().Replace("\r\n", "\n");
    }

    /// <summary>A cucumber expression as a regex: {string}, {int}, {word}, {float}, optional text "(s)", escaped literals.</summary>
    public static Regex ToRegex(string expression)
    {
        var pattern = new StringBuilder("^");
        foreach (Match m in Token().Matches(expression))
        {
            pattern.Append(m.Value switch
            {
                "{string}" => "(?:\"[^\"]*\"|'[^']*')",
                "{int}" => @"-?\d+",
                "{float}" => @"-?\d*\.?\d+",
                "{word}" => @"[^\s]+",
                "{}" => ".*",
                var v when v.StartsWith('(') => $"(?:{Regex.Escape(v[1..^1])})?",
                var v => Regex.Escape(v),
            });
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"\{[a-z]*\}|\([^)]*\)|[^{(]+|[{(]")]
    private static partial Regex Token();

    [GeneratedRegex(@"^\s*(Given|When|Then|And|But|\*)\s+(?<text>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex StepLine();

    private static List<string> FeatureSteps(string featuresDirectory, string? tag) =>
        Directory.Exists(featuresDirectory)
            ? Directory.EnumerateFiles(featuresDirectory, "*.feature", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Where(f => tag is null || FeatureTags(f).Contains(tag))
                .SelectMany(StepsOf)
                .ToList()
            : [];

    /// <summary>The tags written above "Feature:" (without '@').</summary>
    private static HashSet<string> FeatureTags(string featureFile) =>
        File.ReadLines(featureFile).TakeWhile(l => !l.TrimStart().StartsWith("Feature:", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.StartsWith('@')).Select(w => w[1..]).ToHashSet(StringComparer.Ordinal);

    /// <summary>The step texts of a feature file: keyword lines after the first Background/Scenario, outside doc strings.</summary>
    public static IEnumerable<string> StepsOf(string featureFile)
    {
        var inScenarios = false;
        var inDocString = false;
        foreach (var raw in File.ReadLines(featureFile))
        {
            var line = raw.Trim();
            if (line.StartsWith("\"\"\"", StringComparison.Ordinal)) { inDocString = !inDocString; continue; }
            if (inDocString) continue;
            if (ScenarioHeader().IsMatch(line)) { inScenarios = true; continue; }
            var m = StepLine().Match(line);
            if (inScenarios && m.Success) yield return m.Groups["text"].Value;
        }
    }

    [GeneratedRegex(@"^(Background|Scenario|Scenario Outline|Scenario Template|Example|Rule):")]
    private static partial Regex ScenarioHeader();

    private static string? FirstUse(string expression, List<string> steps)
    {
        var regex = ToRegex(expression);
        return steps.FirstOrDefault(regex.IsMatch);
    }

    private static string GroupOf(Type t) =>
        t.GetCustomAttribute<StepGroupAttribute>()?.Name ?? Regex.Replace(t.Name.EndsWith("Steps", StringComparison.Ordinal) ? t.Name[..^5] : t.Name, "(?<=[a-z])(?=[A-Z])", " ");

    private static string Cell(string text) => text.Replace("|", "\\|");
}
