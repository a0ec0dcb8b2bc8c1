using Io.Cucumber.Messages.Types;
using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Runner;

namespace LabSpecs.Site;

/// <summary>What to make the site from and where to put it.</summary>
public sealed record SiteOptions(IReadOnlyList<string> MessageFiles, string FeaturesDirectory, string EnvironmentFile, string OutputDirectory,
    string? HistoryDirectory = null, bool RecordInHistory = false);

/// <summary>What was written: the index page, the labs, and how much of the run it saw.</summary>
public sealed record SiteResult(string IndexPath, IReadOnlyList<Lab> Labs, RunMessages Messages, History History)
{
    /// <summary>The labs per engine when the messages came from several engines (then <see cref="Labs"/> are the first engine's).</summary>
    public EngineMatrix? Matrix { get; init; }

    /// <summary>Every result: each engine's labs, or the labs.</summary>
    public IReadOnlyList<Lab> AllLabs => Matrix is { } m ? m.Engines.SelectMany(e => e.Labs).ToList() : Labs;
}

/// <summary>Messages + feature files + environment file → the living-documentation site (see <see cref="SiteWriter"/>).</summary>
public static class SiteGenerator
{
    public static SiteResult Generate(SiteOptions options)
    {
        var problems = new List<string>();
        var existing = options.MessageFiles.Where(File.Exists).ToList();
        problems.AddRange(options.MessageFiles.Except(existing).Select(f => $"No messages file {f}: labs are shown from the feature files only."));
        var run = RunMessages.Read(existing);
        problems.AddRange(run.Truncated);

        var fromFiles = new List<(GherkinDocument, IReadOnlyList<Pickle>)>();
        if (Directory.Exists(options.FeaturesDirectory))
        {
            foreach (var f in FeatureCatalog.Load(options.FeaturesDirectory))
            {
                if (f.Document is { } document) fromFiles.Add((document, f.Pickles));
                else if (f.ParseError is { } error) problems.Add($"{f.RelativePath} does not parse: {error.Split('\n')[0]}");
            }
        }

        // several engines (a matrix, or shards of different engines): each engine's labs on their own; the top level shows the first
        var matrix = EngineMatrix.Split(existing, fromFiles);
        if (matrix is not null) run = RunMessages.Read(matrix.Engines[0].MessageFiles);
        var labs = matrix?.Engines[0].Labs ?? LabBook.Build(run, fromFiles);
        var topologies = File.Exists(options.EnvironmentFile) ? EnvironmentFile.Load(options.EnvironmentFile) : new Dictionary<string, TopologySpec>();
        var summary = Summary(run, problems);
        var history = History.Empty;
        if (options.HistoryDirectory is { } historyDir)
        {
            if (options.RecordInHistory && run.Count > 0)
            {
                History.Append(historyDir, History.Record(labs, summary.Started ?? DateTimeOffset.UtcNow, run.RunsStarted.FirstOrDefault()?.Id ?? "run"), labs);
            }

            history = History.Load(historyDir);
        }

        // docs/step-catalog.md next to the features folder: the site's searchable step catalog
        var catalog = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.FeaturesDirectory).TrimEnd('/', '\\')) ?? ".", "docs", "step-catalog.md");
        var index = new SiteWriter(options.OutputDirectory, topologies, history, matrix, catalog).Write(labs, summary);
        foreach (var engine in matrix?.Engines ?? [])
        {
            var messages = RunMessages.Read(engine.MessageFiles);
            new SiteWriter(Path.Combine(options.OutputDirectory, engine.Directory), topologies, stepCatalog: catalog).Write(engine.Labs, Summary(messages, problems));
        }

        return new SiteResult(index, labs, run, history) { Matrix = matrix };
    }

    private static RunSummary Summary(RunMessages run, IReadOnlyList<string> problems)
    {
        var facts = run.Attachments.Values.SelectMany(a => a).Where(a => a.MediaType == EvidenceJson.EnvironmentMediaType)
            .Select(a => EvidenceJson.ReadEnvironment(a.Body)).ToList();
        return new RunSummary(
            run.RunsStarted.Count > 0 ? FromTimestamp(run.RunsStarted.Min(r => LabBook.Seconds(r.Timestamp))) : null,
            run.RunsFinished.Count > 0 && run.Complete ? FromTimestamp(run.RunsFinished.Max(r => LabBook.Seconds(r.Timestamp))) : null,
            run.Complete || run.Count == 0, problems, facts,
            run.Meta is { } meta ? $"{meta.Implementation.Name} {meta.Implementation.Version} on {meta.Runtime.Name} {meta.Runtime.Version}, {meta.Os.Name}" : "LabSpecs");
    }

    private static DateTimeOffset FromTimestamp(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
}
