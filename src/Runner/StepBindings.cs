using System.Globalization;
using System.Reflection;
using Reqnroll;
using Reqnroll.Bindings;
using Reqnroll.BindingSkeletons;
using Reqnroll.Configuration;
using Reqnroll.Infrastructure;

namespace LabSpecs.Runner;

/// <summary>
/// A step that would not run: where it is, what it says, why, the step catalog's closest phrases (for an undefined step) and
/// Reqnroll's C# snippet, which only a lab author who asks for it sees (<see cref="StepBindings.SnippetsVariable"/>).
/// </summary>
public sealed record StepBindingProblem(string Location, string Keyword, string Text, string Problem, string? Snippet,
    IReadOnlyList<string>? Suggestions = null)
{
    public override string ToString() =>
        $"{Location}: {Keyword.Trim()} {Text}\n  {Problem}"
        + (Suggestions is { Count: > 0 } s ? "\n  did you mean:\n" + string.Join('\n', s.Select(x => "    " + x)) : "")
        + (Snippet is not null && StepBindings.ShowSnippets ? "\n  the binding a lab author would write (C#):\n" + Indent(Snippet.TrimEnd()) : "");

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "    " + l.TrimEnd('\r')));
}

/// <summary>
/// Binds the steps of scenarios without running anything: each step goes through Reqnroll's own step-definition matching
/// (<see cref="IStepDefinitionMatchService"/>, the binding registry of the test assembly, tag scopes) and its arguments
/// through Reqnroll's own argument conversion, exactly as a run would, but no binding, hook or host is touched.
/// A step passes when it matches exactly one binding and every argument converts.
/// </summary>
public static class StepBindings
{
    /// <summary>Set to 1 (<c>run.ps1 -Snippets</c>) to see, under an undefined step, the C# binding to paste.</summary>
    public const string SnippetsVariable = "LABSPECS_SNIPPETS";

    public static bool ShowSnippets => Environment.GetEnvironmentVariable(SnippetsVariable) is "1" or "true";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Assembly, string), Lazy<IReadOnlyList<CatalogEntry>>> Catalogs = new();

    /// <summary>The step catalog of the bindings with examples from the features under <paramref name="featuresDirectory"/>, made once.</summary>
    public static IReadOnlyList<CatalogEntry> CatalogOf(Assembly bindings, string featuresDirectory) =>
        Catalogs.GetOrAdd((bindings, featuresDirectory), key => new(() => StepCatalog.Entries(key.Item1, key.Item2))).Value;

    /// <summary>The problems of every step of <paramref name="scenarios"/>, in file order (empty = every step is bound).</summary>
    public static async Task<IReadOnlyList<StepBindingProblem>> CheckAsync(IEnumerable<ScenarioCase> scenarios, Assembly testAssembly)
    {
        var runner = TestRunnerManager.GetTestRunnerForAssembly(testAssembly);
        try
        {
            var services = new Services(runner.TestThreadContext.TestThreadContainer, testAssembly);
            var problems = new List<StepBindingProblem>();
            if (!services.Registry.IsValid)
            {
                problems.AddRange(services.Registry.GetErrorMessages().Select(e =>
                    new StepBindingProblem(testAssembly.GetName().Name ?? "bindings", "", "", $"invalid binding: {e.Message}", null)));
            }

            foreach (var scenario in scenarios)
            {
                problems.AddRange(await CheckAsync(scenario, services).ConfigureAwait(false));
            }

            // a step shared by a Background or an outline is reported once
            return problems.DistinctBy(p => (p.Location, p.Text)).ToList();
        }
        finally
        {
            TestRunnerManager.ReleaseTestRunner(runner);
        }
    }

    private static async Task<List<StepBindingProblem>> CheckAsync(ScenarioCase scenario, Services services)
    {
        var problems = new List<StepBindingProblem>();
        if (scenario.Feature.Info is not { } feature)
        {
            return problems; // a file that does not parse is reported by its own failing test
        }

        var culture = services.Configuration.BindingCulture ?? feature.Language;
        var context = new StepContext(feature, scenario.ToScenarioInfo());
        var previous = StepDefinitionType.Given;
        foreach (var step in scenario.Steps)
        {
            var type = step.Call switch
            {
                StepCall.Given => StepDefinitionType.Given,
                StepCall.When => StepDefinitionType.When,
                StepCall.Then => StepDefinitionType.Then,
                _ => previous, // And/But continue the block they are in, as in Reqnroll's engine
            };
            previous = type;
            var instance = new StepInstance(type, Keyword(step.Call), step.Keyword, step.Text, step.DocString, step.ToTable(), context);
            var location = $"{FileName(scenario.Feature)}:{step.Line}";
            if (await ProblemOfAsync(instance, culture, feature, services).ConfigureAwait(false) is { } problem)
            {
                var suggestions = problem.Snippet is null ? null : StepSuggestions
                    .Closest(step.Text, type.ToString(), CatalogOf(services.Assembly, FeaturesDirectory(scenario.Feature)))
                    .Select(StepSuggestions.Describe).ToList();
                problems.Add(new StepBindingProblem(location, step.Keyword, step.Text, problem.Why, problem.Snippet, suggestions));
            }
        }

        return problems;
    }

    private static async Task<(string Why, string? Snippet)?> ProblemOfAsync(StepInstance step, CultureInfo culture, FeatureInfo feature, Services s)
    {
        var match = s.Matcher.GetBestMatch(step, culture, out var ambiguity, out var candidates);
        if (!match.Success)
        {
            return ambiguity switch
            {
                StepDefinitionAmbiguityReason.AmbiguousSteps => ($"ambiguous: these words match {candidates.Count} step definitions, {Phrases(candidates)}; a step must match one", null),
                StepDefinitionAmbiguityReason.AmbiguousScopes => ($"matches only bindings scoped to other tags: {Methods(candidates)}", null),
                StepDefinitionAmbiguityReason.ParameterErrors => ($"matches {Methods(candidates)}, none with parameters its arguments convert to", null),
                _ when candidates.Count == 1 => ($"matches {Methods(candidates)}, but its arguments do not convert to the method's parameters", null),
                _ => ("no step of the step library has these words (docs/step-catalog.md lists them all)", s.Skeletons.GetStepDefinitionSkeleton(
                    feature.GenerationTargetLanguage, step, s.Configuration.StepDefinitionSkeletonStyle, culture)),
            };
        }

        var parameters = match.StepBinding.Method.Parameters.ToArray();
        if (parameters.Length != match.Arguments.Length)
        {
            return ($"{Method(match)} takes {parameters.Length} parameter(s), the step gives {match.Arguments.Length}", null);
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            try
            {
                await s.Converter.ConvertAsync(match.Arguments[i].Value, parameters[i].Type, culture).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return ($"argument {i + 1} ({match.Arguments[i].Value}) should be {Expected(parameters[i].Type)} for \"{match.StepBinding.SourceExpression}\" ({Method(match)}): {e.Message}", null);
            }
        }

        return null;
    }

    /// <summary>What a learner should write for an argument of this type.</summary>
    private static string Expected(Reqnroll.Bindings.Reflection.IBindingType type) => type.Name switch
    {
        "Int32" or "Int64" or "Int16" or "Byte" or "UInt16" or "UInt32" or "UInt64" => $"a whole number that fits a {type.Name} (e.g. 3)",
        "Double" or "Single" or "Decimal" => "a number (e.g. 2.5)",
        "Boolean" => "true or false",
        "TimeSpan" => "a duration (e.g. 00:00:05)",
        _ => $"a {type.Name}",
    };

    /// <summary>The features directory a feature was read from (examples for suggestions come from its files).</summary>
    private static string FeaturesDirectory(LabFeature feature) =>
        feature.Path.EndsWith(feature.RelativePath, StringComparison.Ordinal)
            ? feature.Path[..^feature.RelativePath.Length].TrimEnd('/', '\\')
            : System.IO.Path.GetDirectoryName(feature.Path) ?? ".";

    /// <summary>The file as a reader finds it: the features folder's name, then the path inside it (features/docker/01-….feature).</summary>
    private static string FileName(LabFeature feature)
    {
        var folder = feature.Path.EndsWith(feature.RelativePath, StringComparison.Ordinal)
            ? System.IO.Path.GetFileName(FeaturesDirectory(feature))
            : "";
        return folder.Length > 0 ? $"{folder}/{feature.RelativePath}" : feature.RelativePath;
    }

    private static StepDefinitionKeyword Keyword(StepCall call) => call switch
    {
        StepCall.Given => StepDefinitionKeyword.Given,
        StepCall.When => StepDefinitionKeyword.When,
        StepCall.Then => StepDefinitionKeyword.Then,
        StepCall.But => StepDefinitionKeyword.But,
        _ => StepDefinitionKeyword.And,
    };

    private static string Methods(IEnumerable<BindingMatch> matches) => string.Join(", ", matches.Select(Method));

    private static string Phrases(IEnumerable<BindingMatch> matches) =>
        string.Join(" and ", matches.Select(m => $"\"{m.StepBinding.SourceExpression}\" ({Method(m)})"));

    private static string Method(BindingMatch m) => $"{m.StepBinding.Method.Type.Name}.{m.StepBinding.Method.Name}";

    /// <summary>Reqnroll's own services for the test assembly, from a test thread's container.</summary>
    private sealed class Services(Reqnroll.BoDi.IObjectContainer container, Assembly assembly)
    {
        public Assembly Assembly { get; } = assembly;
        public IBindingRegistry Registry { get; } = container.Resolve<IBindingRegistry>();
        public IStepDefinitionMatchService Matcher { get; } = container.Resolve<IStepDefinitionMatchService>();
        public IStepArgumentTypeConverter Converter { get; } = container.Resolve<IStepArgumentTypeConverter>();
        public IStepDefinitionSkeletonProvider Skeletons { get; } = container.Resolve<IStepDefinitionSkeletonProvider>();
        public ReqnrollConfiguration Configuration { get; } = container.Resolve<ReqnrollConfiguration>();
    }
}
