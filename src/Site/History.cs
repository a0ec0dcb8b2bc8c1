using System.Globalization;
using System.Text.Json;

namespace LabSpecs.Site;

/// <summary>One scenario in one run, as the history keeps it.</summary>
public sealed record ScenarioRecord(string Key, string Uri, string Name, Outcome Outcome, double Seconds, double WaitSeconds, int WaitAttempts);

/// <summary>One run's summary: a file in the history directory.</summary>
public sealed record RunRecord(string Id, DateTimeOffset Started, IReadOnlyList<ScenarioRecord> Scenarios);

/// <summary>
/// A directory of run summaries (<c>LABSPECS_HISTORY</c>, default reports/history): <c>runs/&lt;start&gt;.json</c>, one per
/// run, and <c>feature-durations.json</c> (the last run's seconds per feature, which balance shards). The site shows the
/// last runs per scenario, duration and wait trends, and what newly failed or got fixed since the run before.
/// </summary>
public sealed class History(IReadOnlyList<RunRecord> runs)
{
    public const int Shown = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<RunRecord> Runs { get; } = runs;

    public static History Empty { get; } = new([]);

    /// <summary>This scenario's records in the runs shown, oldest first (a run that did not have it is left out).</summary>
    public IReadOnlyList<(RunRecord Run, ScenarioRecord Scenario)> Of(string key) =>
        Runs.SelectMany(r => r.Scenarios.Where(s => s.Key == key).Select(s => (r, s))).ToList();

    /// <summary>Failed in the last run but not in the one before (or new), and failed before but not now.</summary>
    public (IReadOnlyList<ScenarioRecord> NewFailures, IReadOnlyList<ScenarioRecord> Fixed) SinceLastRun()
    {
        if (Runs.Count < 2) return ([], []);
        var now = Runs[^1].Scenarios.Where(s => s.Outcome != Outcome.NotRun).ToDictionary(s => s.Key);
        var before = Runs[^2].Scenarios.Where(s => s.Outcome != Outcome.NotRun).ToDictionary(s => s.Key);
        var newFailures = now.Values.Where(s => s.Outcome == Outcome.Failed && before.GetValueOrDefault(s.Key)?.Outcome != Outcome.Failed).ToList();
        var fixedOnes = now.Values.Where(s => s.Outcome is Outcome.Passed or Outcome.Flaky && before.GetValueOrDefault(s.Key)?.Outcome == Outcome.Failed).ToList();
        return (newFailures, fixedOnes);
    }

    /// <summary>A stable name for a scenario across runs: its feature and name (a repeated name gets #2, #3…).</summary>
    public static IReadOnlyList<string> Keys(Lab lab)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return lab.Scenarios.Select(s =>
        {
            var n = seen[s.Name] = seen.GetValueOrDefault(s.Name) + 1;
            return $"{lab.Uri} › {s.Name}" + (n > 1 ? $" #{n}" : "");
        }).ToList();
    }

    public static RunRecord Record(IReadOnlyList<Lab> labs, DateTimeOffset started, string id) =>
        new(id, started, labs.SelectMany(lab => lab.Scenarios.Zip(Keys(lab), (s, key) =>
        {
            var waits = s.Steps.SelectMany(x => x.Evidence).OfType<WaitView>().Select(w => w.Wait).ToList();
            return new ScenarioRecord(key, lab.Uri, s.Name, s.Outcome, Math.Round(s.Duration.TotalSeconds, 3),
                Math.Round(waits.Sum(w => w.Elapsed.TotalSeconds), 3), waits.Sum(w => w.Attempts));
        })).ToList());

    /// <summary>Adds a run to the directory (and the durations shards balance by); returns the file written.</summary>
    public static string Append(string directory, RunRecord run, IReadOnlyList<Lab> labs)
    {
        var runs = Path.Combine(directory, "runs");
        Directory.CreateDirectory(runs);
        var file = Path.Combine(runs, $"{run.Started.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{run.Id}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(run, Json));
        var durations = labs.Where(l => l.Scenarios.Any(s => s.Outcome != Outcome.NotRun))
            .ToDictionary(l => l.Uri, l => Math.Round(l.Scenarios.Sum(s => s.Duration.TotalSeconds), 3));
        var durationsFile = Path.Combine(directory, LabSpecs.Runner.RunSelection.DurationsFileName);
        if (File.Exists(durationsFile))
        {
            // features this run did not take (filter, shard) keep their last known duration
            foreach (var (uri, seconds) in JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(durationsFile)) ?? [])
            {
                durations.TryAdd(uri, seconds);
            }
        }

        File.WriteAllText(durationsFile, JsonSerializer.Serialize(durations.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(), Json));
        return file;
    }

    public static History Load(string directory, int last = Shown)
    {
        var runs = Path.Combine(directory, "runs");
        if (!Directory.Exists(runs)) return Empty;
        return new History(Directory.EnumerateFiles(runs, "*.json").Order(StringComparer.Ordinal).TakeLast(last)
            .Select(f => JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(f), Json)!).ToList());
    }
}
