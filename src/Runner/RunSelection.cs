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

    /// <summary>LABSPECS_WORKERS: how many features run at once (run.ps1 passes it to NUnit); else NUnit's default, the core count.</summary>
    public const string WorkersVariable = "LABSPECS_WORKERS";

    public static int Workers =>
        int.TryParse(Environment.GetEnvironmentVariable(WorkersVariable), System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// The order features start in: longest first, so that the long multi-host labs do not start last and leave one worker
    /// busy while the other idles (NUnit alone starts fixtures in name order). Seconds from the history when known;
    /// otherwise <paramref name="estimate"/> (default: a single-host lab's scenario ~2 s, any other ~10 s).
    /// </summary>
    /// <remarks>
    /// Features that take turns (<paramref name="turnGroup"/> gives them the same name: their topology runs one feature at a
    /// time) form a chain. The order comes from a simulated run on <paramref name="workers"/> workers that take fixtures in
    /// order: the next free worker takes the chain's next feature when the chain is free and is at least as long as the longest
    /// feature left, else the longest feature left. So the chain starts early and its features come when the previous one
    /// should be done, instead of workers waiting for their turn.
    /// </remarks>
    public static IReadOnlyList<LabFeature> LongestFirst(IReadOnlyList<LabFeature> features, Func<LabFeature, string?>? turnGroup = null,
        int workers = 2, Func<LabFeature, double>? estimate = null)
    {
        var seconds = Durations();
        // each feature's length once: the simulation below asks for it many times
        var lengths = features.ToDictionary(f => f, f => seconds.TryGetValue(f.RelativePath, out var s) ? s : (estimate ?? Estimate)(f));
        double Length(LabFeature f) => lengths[f];
        IEnumerable<LabFeature> Longest(IEnumerable<LabFeature> fs) => fs.OrderByDescending(Length).ThenBy(f => f.RelativePath, StringComparer.Ordinal);
        var groups = features.GroupBy(f => turnGroup?.Invoke(f)).ToList();
        var singles = new List<LabFeature>(Longest(groups.Where(g => g.Key is null || g.Count() == 1).SelectMany(g => g)));
        var chains = groups.Where(g => g.Key is not null && g.Count() > 1).Select(g => new Chain(new Queue<LabFeature>(Longest(g)))).ToList();

        var order = new List<LabFeature>(features.Count);
        var free = new double[Math.Max(1, workers)];
        while (singles.Count > 0 || chains.Any(c => c.Left.Count > 0))
        {
            var w = Array.IndexOf(free, free.Min());
            var now = free[w];
            var longestSingle = singles.Count > 0 ? Length(singles[0]) : double.NegativeInfinity;
            var chain = chains.Where(c => c.Left.Count > 0 && (c.BusyUntil <= now || singles.Count == 0))
                .OrderByDescending(c => c.Left.Sum(Length)).FirstOrDefault();
            if (chain is not null && (chain.Left.Sum(Length) >= longestSingle || singles.Count == 0))
            {
                var f = chain.Left.Dequeue();
                order.Add(f);
                chain.BusyUntil = free[w] = Math.Max(now, chain.BusyUntil) + Length(f);
            }
            else
            {
                order.Add(singles[0]);
                free[w] = now + longestSingle;
                singles.RemoveAt(0);
            }
        }

        return order;
    }

    private sealed class Chain(Queue<LabFeature> left)
    {
        public Queue<LabFeature> Left { get; } = left;

        public double BusyUntil { get; set; }
    }

    /// <summary>Estimated seconds of a feature with no history: a single-host lab's scenario ~2 s, any other ~10 s.</summary>
    public static double Estimate(LabFeature feature) =>
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
