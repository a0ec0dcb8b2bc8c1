using Reqnroll;

namespace LabSpecs.Runner;

/// <summary>
/// One .feature file as the runner sees it: either parsed (with its scenarios, one per pickle) or broken (with the
/// parser's complaint). A broken file still becomes a test, a failing one, so it can never vanish from a run.
/// </summary>
public sealed class LabFeature
{
    internal LabFeature(string path, string relativePath, string title, IReadOnlyList<string> tags, FeatureInfo? info,
        IReadOnlyList<ScenarioCase> scenarios, string? parseError)
    {
        Path = path;
        RelativePath = relativePath;
        Title = title;
        Tags = tags;
        Info = info;
        Scenarios = scenarios;
        ParseError = parseError;
    }

    /// <summary>Absolute path of the file.</summary>
    public string Path { get; }

    /// <summary>Path relative to the features directory, with '/' separators (also the report's source URI).</summary>
    public string RelativePath { get; }

    /// <summary>The feature's name (the file name when the file does not parse or the name is empty).</summary>
    public string Title { get; }

    /// <summary>Feature-level tags without '@'.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The single Reqnroll FeatureInfo for this file; Reqnroll compares feature contexts by reference.</summary>
    public FeatureInfo? Info { get; }

    public IReadOnlyList<ScenarioCase> Scenarios { get; }

    /// <summary>The file as Cucumber messages (what the report gets when it runs); null when it does not parse.</summary>
    public Io.Cucumber.Messages.Types.GherkinDocument? Document { get; internal set; }

    /// <summary>The file's pickles, as the report gets them when it runs.</summary>
    public IReadOnlyList<Io.Cucumber.Messages.Types.Pickle> Pickles { get; internal set; } = [];

    /// <summary>"file:line: parser message" lines when the file does not parse; null otherwise.</summary>
    public string? ParseError { get; }

    /// <summary>Unique name of the NUnit fixture for this file (set by the catalog when titles collide).</summary>
    public string FixtureName { get; internal set; } = "";

    /// <summary>
    /// The scenarios of the Scenario (or Outline: every row) whose block holds <paramref name="line"/> — from its header to the next
    /// one; all of them without a line or for a line above the first scenario (the feature's text, its Background).
    /// </summary>
    public IReadOnlyList<ScenarioCase> ScenariosAt(int? line)
    {
        if (line is null) return Scenarios;
        var headers = Document?.Feature?.Children
            .SelectMany(c => c.Rule is { } rule ? rule.Children.Select(r => r.Scenario) : [c.Scenario])
            .OfType<Io.Cucumber.Messages.Types.Scenario>().Select(s => (int)s.Location.Line).Order().ToList() ?? [];
        var header = headers.LastOrDefault(h => h <= line, -1);
        if (header < 0) return Scenarios;
        var next = headers.FirstOrDefault(h => h > header, int.MaxValue);
        var selected = Scenarios.Where(s => s.Line >= header && s.Line < next).ToList();
        return selected.Count > 0 ? selected : throw new LabSpecs.Core.LabSpecsException($"{RelativePath}:{line}: no scenario there");
    }

    public override string ToString() => RelativePath;
}

/// <summary>One pickle (a scenario, or one Examples row of an outline) = one NUnit test.</summary>
public sealed record ScenarioCase(
    LabFeature Feature,
    string Name,
    int Line,
    int PickleIndex,
    string Title,
    string Description,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> InheritedTags,
    IReadOnlyList<string> Categories,
    IReadOnlyList<KeyValuePair<string, string>> Arguments,
    RuleInfo? Rule,
    IReadOnlyList<ScenarioStep> Steps)
{
    /// <summary>'@ignore' on the feature, rule, scenario or examples.</summary>
    public bool IsIgnored => Categories.Any(c => c.Equals("ignore", StringComparison.OrdinalIgnoreCase));

    public ScenarioInfo ToScenarioInfo()
    {
        var arguments = new System.Collections.Specialized.OrderedDictionary();
        foreach (var (key, value) in Arguments)
        {
            arguments[key] = value;
        }

        return new ScenarioInfo(Title, Description, Tags.ToArray(), arguments, InheritedTags.ToArray(),
            PickleIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override string ToString() => Name;
}
