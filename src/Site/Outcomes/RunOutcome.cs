using LabSpecs.Runner;

namespace LabSpecs.Site;

/// <summary>
/// One <c>dotnet test</c> run of a test project: its .trx file and, for the lab assembly, the messages file that tells what
/// each scenario did. <see cref="IsRerun"/>: a second attempt of the failed scenarios of the pass before.
/// </summary>
public sealed record TestPass(string ResultsFile, string? MessagesFile = null, bool IsRerun = false)
{
    /// <summary>The pass of a lab run that wrote its reports (<see cref="TestRun.MessagesReportName"/>) to <paramref name="reportsDirectory"/>.</summary>
    public static TestPass OfLabs(string resultsFile, string reportsDirectory, bool isRerun = false) =>
        new(resultsFile, Path.Combine(reportsDirectory, TestRun.MessagesReportName), isRerun);
}

/// <summary>A test's outcome in the run; <see cref="Scenario"/> when it is a lab scenario (a test of a feature file).</summary>
public sealed record TestOutcome(string Name, Outcome Outcome, string? Reason, bool Scenario);

/// <summary>
/// The outcome of a whole run (every pass of <c>run.ps1 run/test/nightly</c>): what the closing line counts, what was
/// skipped and why, what failed, and which lab scenarios a rerun should take. A lab scenario's outcome comes from the
/// Cucumber messages, as the site shows it (a rerun that passed makes it flaky); the .trx gives every other test, and the
/// scenarios the messages never saw start.
/// </summary>
public sealed class RunOutcome(IReadOnlyList<TestOutcome> tests)
{
    public IReadOnlyList<TestOutcome> Tests { get; } = tests;

    /// <summary>Passed, flaky ones included (they passed when run again).</summary>
    public int Passed => Tests.Count(t => t.Outcome is Outcome.Passed or Outcome.Flaky);

    public int Failed => Tests.Count(t => t.Outcome == Outcome.Failed);

    public int Skipped => Tests.Count(t => t.Outcome == Outcome.Skipped);

    public int Flaky => Tests.Count(t => t.Outcome == Outcome.Flaky);

    /// <summary>Failed lab scenarios by their test names (what <c>LABSPECS_RERUN</c> takes), in run order, each once.</summary>
    public IReadOnlyList<string> RerunList => Tests.Where(t => t is { Scenario: true, Outcome: Outcome.Failed }).Select(t => t.Name).Distinct().ToList();

    /// <summary>Failed tests that are not lab scenarios: a rerun does not take them, they fail the run.</summary>
    public IReadOnlyList<string> OtherFailures => Tests.Where(t => t is { Scenario: false, Outcome: Outcome.Failed }).Select(t => t.Name).ToList();

    /// <summary>The line CI reads.</summary>
    public string ClosingLine => $"Tests: {Passed} passed, {Failed} failed, {Skipped} skipped";

    /// <summary>
    /// The outcome of <paramref name="passes"/> in order. A rerun pass replaces the outcome of the same scenarios of the pass
    /// before (failed, then passed = flaky); any other pass adds its tests (the ssh pass runs the same labs once more).
    /// </summary>
    public static RunOutcome Of(IReadOnlyList<TestPass> passes, string featuresDirectory)
    {
        var scenarioNames = ScenarioNamesOf(featuresDirectory);
        var all = new List<TestOutcome>();
        for (var i = 0; i < passes.Count; i++)
        {
            if (passes[i].IsRerun) continue;
            var attempts = passes.Skip(i + 1).TakeWhile(p => p.IsRerun).Prepend(passes[i]).ToList();
            all.AddRange(OfPass(attempts, scenarioNames));
        }

        return new RunOutcome(all);
    }

    /// <summary>A pass and its reruns: the .trx of each attempt, and the scenarios as the messages of all attempts show them.</summary>
    private static IEnumerable<TestOutcome> OfPass(IReadOnlyList<TestPass> attempts, ScenarioIndex names)
    {
        var fromMessages = FromMessages(attempts.Select(a => a.MessagesFile).OfType<string>().Where(File.Exists).ToList(), names);
        var order = new List<string>();
        var byName = new Dictionary<string, TestOutcome>(StringComparer.Ordinal);
        foreach (var attempt in attempts.Where(a => File.Exists(a.ResultsFile)))
        {
            foreach (var r in TestResultFile.Read(attempt.ResultsFile))
            {
                var before = byName.GetValueOrDefault(r.Name);
                var outcome = before is { Outcome: Outcome.Failed } && r.Outcome == Outcome.Passed ? Outcome.Flaky : r.Outcome;
                if (before is null) order.Add(r.Name);
                byName[r.Name] = new TestOutcome(r.Name, outcome, r.Reason, names.Contains(r.Name));
            }
        }

        // a scenario the messages saw start is as the site shows it; the .trx alone knows the rest
        foreach (var (name, outcome) in fromMessages)
        {
            if (!byName.ContainsKey(name)) order.Add(name);
            byName[name] = outcome;
        }

        return order.Select(n => byName[n]);
    }

    private static IEnumerable<(string Name, TestOutcome Outcome)> FromMessages(IReadOnlyList<string> files, ScenarioIndex names)
    {
        if (files.Count == 0) yield break;
        var labs = LabBook.Build(RunMessages.Read(files), []);
        foreach (var lab in labs)
        {
            for (var i = 0; i < lab.Scenarios.Count; i++)
            {
                var s = lab.Scenarios[i];
                if (s.Attempts == 0 || names.NameOf(lab.Uri, i) is not { } name) continue;
                yield return (name, new TestOutcome(name, s.Outcome, s.Outcome == Outcome.Passed ? null : s.Reason, Scenario: true));
            }
        }
    }

    private static ScenarioIndex ScenarioNamesOf(string featuresDirectory)
    {
        if (!Directory.Exists(featuresDirectory)) return new ScenarioIndex([]);
        return new ScenarioIndex(FeatureCatalog.Load(featuresDirectory));
    }

    /// <summary>The runner's test name of each pickle (feature path, pickle index), and of each file that does not parse.</summary>
    private sealed class ScenarioIndex(IReadOnlyList<LabFeature> features)
    {
        private readonly Dictionary<(string Uri, int Index), string> _byPickle = features
            .SelectMany(f => f.Scenarios.Select(s => (Key: (f.RelativePath, s.PickleIndex), s.Name)))
            .ToDictionary(x => x.Key, x => x.Name);

        private readonly HashSet<string> _names = features
            .SelectMany(f => f.Scenarios.Select(s => s.Name).Append(ScenarioNames.ForParseError(f.RelativePath)))
            .ToHashSet(StringComparer.Ordinal);

        public bool Contains(string testName) => _names.Contains(testName);

        public string? NameOf(string uri, int pickleIndex) => _byPickle.GetValueOrDefault((uri, pickleIndex));
    }
}
