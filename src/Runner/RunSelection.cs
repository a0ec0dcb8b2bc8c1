using System.Text.Json;

namespace LabSpecs.Runner;

/// <summary>
/// Which features and scenarios this test run takes, beyond NUnit's filter:
/// <c>LABSPECS_SHARD=i/n</c> takes shard i of n (whole features, split deterministically, balanced by the durations in
/// <c>$LABSPECS_HISTORY/feature-durations.json</c> when present); <c>LABSPECS_RERUN=FILE</c> takes only the tests named
/// in FILE, one per line (how <c>run.ps1 nightly</c> reruns failed scenarios).
/// </summary>
public static class RunSelection
{
    public const string ShardVariable = "LABSPECS_SHARD";
    public const string RerunVariable = "LABSPECS_RERUN";
    public const string HistoryVariable = "LABSPECS_HISTORY";
    public const string DurationsFileName = "feature-durations.json";

    public static IReadOnlyList<LabFeature> Apply(IReadOnlyList<LabFeature> features)
    {
        IEnumerable<LabFeature> taken = features;
        if (Environment.GetEnvironmentVariable(ShardVariable) is { Length: > 0 } shard)
        {
            var (index, count) = ParseShard(shard);
            var split = Split(features.Select(f => f.RelativePath).ToList(), count, Durations());
            var mine = split[index - 1].ToHashSet(StringComparer.Ordinal);
            taken = taken.Where(f => mine.Contains(f.RelativePath));
        }

        if (RerunNames() is { } names)
        {
            taken = taken.Where(f => f.Scenarios.Any(s => names.Contains(s.Name)) || (f.ParseError is not null && names.Contains(ScenarioNames.ForParseError(f.RelativePath))));
        }

        return taken.ToList();
    }

    /// <summary>Whether a scenario of a taken feature runs (all, unless a rerun list names some).</summary>
    public static bool Takes(ScenarioCase scenario) => RerunNames() is not { } names || names.Contains(scenario.Name);

    /// <summary>"2/3" → (2, 3); 1 ≤ i ≤ n.</summary>
    public static (int Index, int Count) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var i) && int.TryParse(parts[1], out var n) && n >= 1 && i >= 1 && i <= n) return (i, n);
        throw new ArgumentException($"{ShardVariable}='{text}' is not a shard: write i/n with 1 <= i <= n, e.g. 1/2");
    }

    /// <summary>
    /// Whole features to <paramref name="count"/> shards: longest first (known durations; unknown ones count as the median),
    /// each to the least loaded shard, ties by path and shard number — the same inputs always give the same split.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Split(IReadOnlyList<string> features, int count, IReadOnlyDictionary<string, double> seconds)
    {
        var known = features.Where(seconds.ContainsKey).Select(f => seconds[f]).Order().ToList();
        var typical = known.Count == 0 ? 1.0 : known[known.Count / 2];
        var shards = Enumerable.Range(0, count).Select(_ => new List<string>()).ToList();
        var load = new double[count];
        foreach (var f in features.OrderByDescending(f => seconds.GetValueOrDefault(f, typical)).ThenBy(f => f, StringComparer.Ordinal))
        {
            var least = Enumerable.Range(0, count).MinBy(i => (load[i], i));
            shards[least].Add(f);
            load[least] += seconds.GetValueOrDefault(f, typical);
        }

        return shards.Select(s => (IReadOnlyList<string>)s.Order(StringComparer.Ordinal).ToList()).ToList();
    }

    /// <summary>
    /// The order features start in: longest first, so that the long multi-host labs do not start last and leave one worker
    /// busy while the other idles (NUnit alone starts fixtures in name order). Seconds from the history when known;
    /// otherwise an estimate per scenario: a single-host lab's scenario ~2 s, any other (swarms, compose, clusters, several
    /// engines) ~10 s.
    /// </summary>
    public static IReadOnlyList<LabFeature> LongestFirst(IReadOnlyList<LabFeature> features)
    {
        var seconds = Durations();
        return features.OrderByDescending(f => seconds.TryGetValue(f.RelativePath, out var s) ? s : Estimate(f))
            .ThenBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
    }

    private static double Estimate(LabFeature feature) =>
        feature.Scenarios.Count * (feature.Tags.Any(t => t.TrimStart('@').Equals("single-host", StringComparison.OrdinalIgnoreCase)) ? 2.0 : 10.0);

    private static IReadOnlyDictionary<string, double> Durations()
    {
        var dir = Environment.GetEnvironmentVariable(HistoryVariable);
        var file = dir is { Length: > 0 } ? Path.Combine(dir, DurationsFileName) : null;
        if (file is null || !File.Exists(file)) return new Dictionary<string, double>();
        return JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(file)) ?? [];
    }

    private static HashSet<string>? RerunNames() =>
        Environment.GetEnvironmentVariable(RerunVariable) is { Length: > 0 } file
            ? File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal)
            : null;
}
