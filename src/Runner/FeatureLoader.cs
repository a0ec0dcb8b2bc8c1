using System.Globalization;
using Gherkin;
using Gherkin.CucumberMessages;
using Gherkin.CucumberMessages.Pickles;
using Io.Cucumber.Messages.Types;
using Reqnroll;
using Messages = Io.Cucumber.Messages.Types;

namespace LabSpecs.Runner;

/// <summary>Reads one .feature file at run time: Gherkin parser -> cucumber messages -> pickles -> scenario cases.</summary>
public static class FeatureLoader
{
    // GUIDs keep pickle and AST ids unique across all features of a run (the report holds them all).
    private static readonly IIdGenerator Ids = new GuidIdGenerator();
    private static readonly GherkinDialectProvider Dialects = new();

    public static LabFeature Load(string path, string featuresDirectory)
    {
        var relative = System.IO.Path.GetRelativePath(featuresDirectory, path).Replace('\\', '/');
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            return Broken(path, relative, $"{relative}: cannot be read: {e.Message}", text: "");
        }

        return Parse(text, path, relative);
    }

    /// <summary>Parses feature text; <paramref name="relativePath"/> names it in messages and in the report.</summary>
    public static LabFeature Parse(string text, string path, string relativePath)
    {
        Gherkin.Ast.GherkinDocument ast;
        try
        {
            ast = new Parser().Parse(new StringReader(text));
        }
        catch (CompositeParserException e)
        {
            return Broken(path, relativePath, string.Join('\n', e.Errors.Select(x => Describe(relativePath, x))), text);
        }
        catch (ParserException e)
        {
            return Broken(path, relativePath, Describe(relativePath, e), text);
        }

        if (ast.Feature is null)
        {
            return Broken(path, relativePath, $"{relativePath}:1: no 'Feature:' found (empty file or only comments)", text);
        }

        var document = new AstMessagesConverter(Ids).ConvertGherkinDocumentToEventArgs(ast, relativePath);
        var pickles = new PickleCompiler(Ids).Compile(document);
        var feature = document.Feature;
        var title = string.IsNullOrWhiteSpace(feature.Name) ? System.IO.Path.GetFileNameWithoutExtension(path) : feature.Name.Trim();
        var featureTags = TagNames(feature.Tags);
        var folder = System.IO.Path.GetDirectoryName(relativePath)?.Replace('\\', '/') ?? "";
        var messages = new FeatureMessages(new Source(relativePath, text, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN), document, pickles);
        var info = new FeatureInfo(Culture(feature.Language), folder, title, feature.Description?.Trim() ?? "",
            ProgrammingLanguage.CSharp, featureTags.ToArray(), messages);

        var cases = new List<ScenarioCase>();
        var labFeature = new LabFeature(path, relativePath, title, featureTags, info, cases, parseError: null) { Document = document, Pickles = pickles };
        var index = new AstIndex(document);
        var dialect = Dialects.GetDialect(feature.Language, new Gherkin.Ast.Location(1, 1));
        for (var i = 0; i < pickles.Count; i++)
        {
            cases.Add(ToCase(labFeature, index, dialect, pickles[i], i));
        }

        ScenarioNames.MakeUnique(cases);
        return labFeature;
    }

    private static ScenarioCase ToCase(LabFeature feature, AstIndex index, GherkinDialect dialect, Pickle pickle, int pickleIndex)
    {
        var (scenario, rule) = index.Scenarios[pickle.AstNodeIds[0]];
        var row = pickle.AstNodeIds.Count > 1 ? index.Rows[pickle.AstNodeIds[1]] : default;
        var arguments = row.Row is null
            ? []
            : row.Examples!.TableHeader.Cells.Zip(row.Row.Cells, (h, c) => new KeyValuePair<string, string>(h.Value, c.Value)).ToList();
        var scenarioTags = TagNames(scenario.Tags).Concat(row.Examples is null ? [] : TagNames(row.Examples.Tags)).ToList();
        var ruleTags = rule is null ? [] : TagNames(rule.Tags);
        var ruleInfo = rule is null ? null : new RuleInfo(rule.Name, rule.Description?.Trim() ?? "", ruleTags.ToArray());
        var steps = pickle.Steps.Select(s => ToStep(index.Steps[s.AstNodeIds[0]], s, dialect)).ToList();
        var categories = pickle.Tags.Select(t => t.Name.TrimStart('@')).Distinct(StringComparer.Ordinal).ToList();

        return new ScenarioCase(
            feature,
            ScenarioNames.Of(feature.Title, pickle.Name, arguments),
            Line: (int)(row.Row?.Location.Line ?? scenario.Location.Line),
            pickleIndex,
            Title: pickle.Name,
            Description: scenario.Description?.Trim() ?? "",
            Tags: scenarioTags,
            InheritedTags: feature.Tags.Concat(ruleTags).ToList(),
            categories,
            arguments,
            ruleInfo,
            steps);
    }

    private static ScenarioStep ToStep(Step step, PickleStep pickleStep, GherkinDialect dialect)
    {
        // And/But are told apart by the keyword as written (the converted AST already resolves them to Given/When/Then)
        var call = step.Keyword.Trim() == "*" || dialect.AndStepKeywords.Contains(step.Keyword)
            ? StepCall.And
            : dialect.ButStepKeywords.Contains(step.Keyword)
                ? StepCall.But
                : step.KeywordType switch
                {
                    Messages.StepKeywordType.ACTION => StepCall.When,
                    Messages.StepKeywordType.OUTCOME => StepCall.Then,
                    _ => StepCall.Given,
                };
        var rows = pickleStep.Argument?.DataTable?.Rows
            .Select(r => (IReadOnlyList<string>)r.Cells.Select(c => c.Value).ToList())
            .ToList();
        return new ScenarioStep(call, step.Keyword, pickleStep.Text, pickleStep.Argument?.DocString?.Content, rows, (int)step.Location.Line);
    }

    private static LabFeature Broken(string path, string relativePath, string error, string text) =>
        new(path, relativePath, System.IO.Path.GetFileName(relativePath), TagsBeforeFeatureLine(text), info: null, [], error);

    private static string Describe(string relativePath, ParserException e) =>
        $"{relativePath}:{e.Location?.Line ?? 0}: {e.Message}";

    /// <summary>Best effort for broken files: the tags written above 'Feature:' so a tag filter still selects the failure.</summary>
    private static List<string> TagsBeforeFeatureLine(string text) =>
        text.Split('\n')
            .Select(l => l.Trim())
            .TakeWhile(l => !l.Contains(':', StringComparison.Ordinal) || l.StartsWith('#') || l.StartsWith('@'))
            .Where(l => l.StartsWith('@'))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .TakeWhile(t => t.StartsWith('@'))
            .Select(t => t.TrimStart('@'))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static List<string> TagNames(IEnumerable<Tag> tags) => tags.Select(t => t.Name.TrimStart('@')).ToList();

    private static CultureInfo Culture(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    /// <summary>AST lookups by id: pickles refer to scenarios, example rows and steps by their AST node ids.</summary>
    private sealed class AstIndex
    {
        public Dictionary<string, (Scenario Scenario, Rule? Rule)> Scenarios { get; } = [];
        public Dictionary<string, (Examples? Examples, TableRow? Row)> Rows { get; } = [];
        public Dictionary<string, Step> Steps { get; } = [];

        public AstIndex(GherkinDocument document)
        {
            foreach (var child in document.Feature.Children)
            {
                Add(child.Background, child.Scenario, rule: null);
                if (child.Rule is { } rule)
                {
                    foreach (var ruleChild in rule.Children)
                    {
                        Add(ruleChild.Background, ruleChild.Scenario, rule);
                    }
                }
            }
        }

        private void Add(Background? background, Scenario? scenario, Rule? rule)
        {
            foreach (var step in background?.Steps ?? [])
            {
                Steps[step.Id] = step;
            }

            if (scenario is null)
            {
                return;
            }

            Scenarios[scenario.Id] = (scenario, rule);
            foreach (var step in scenario.Steps)
            {
                Steps[step.Id] = step;
            }

            foreach (var examples in scenario.Examples)
            {
                foreach (var row in examples.TableBody)
                {
                    Rows[row.Id] = (examples, row);
                }
            }
        }
    }
}
