using Cucumber.Messages;
using Io.Cucumber.Messages.Types;
using Reqnroll.Formatters.PayloadProcessing;

namespace LabSpecs.Site;

/// <summary>
/// The Cucumber messages of one or more runs (shards), indexed by id. Read with Cucumber.Messages' own
/// <see cref="NdjsonMessageReader"/>; a file cut short by a killed run is read up to its last complete message.
/// </summary>
public sealed class RunMessages
{
    public Dictionary<string, GherkinDocument> Documents { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Pickle> Pickles { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, TestCase> TestCases { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Hook> Hooks { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, TestCaseStarted> Started { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, TestCaseFinished> Finished { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<TestStepFinished>> StepResults { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<Attachment>> Attachments { get; } = new(StringComparer.Ordinal);
    public List<TestRunStarted> RunsStarted { get; } = [];
    public List<TestRunFinished> RunsFinished { get; } = [];
    public Meta? Meta { get; private set; }

    /// <summary>
    /// A pickle's place that holds across runs (ids are new in every run): its feature's URI and its position among that
    /// feature's pickles. Reruns and shards of the same feature file meet on it.
    /// </summary>
    public Dictionary<string, (string Uri, int Index)> PickleKeys { get; } = new(StringComparer.Ordinal);

    private Dictionary<string, int> _picklesPerUri = new(StringComparer.Ordinal);

    /// <summary>Files that ended in a cut line (the run was killed): "file: read N messages, then ...".</summary>
    public List<string> Truncated { get; } = [];

    public int Count { get; private set; }

    public static RunMessages Read(IEnumerable<string> files)
    {
        var run = new RunMessages();
        foreach (var file in files) run.Add(file);
        return run;
    }

    public void Add(string file)
    {
        using var stream = File.OpenRead(file);
        using var reader = new NdjsonMessageReader(stream, NdjsonSerializer.Deserialize);
        using var envelopes = reader.GetEnumerator();
        _picklesPerUri = new Dictionary<string, int>(StringComparer.Ordinal);
        var read = 0;
        while (true)
        {
            try
            {
                if (!envelopes.MoveNext()) break;
            }
            catch (System.Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
            {
                // only a killed run's last, half-written line is expected here
                Truncated.Add($"{file}: read {read} messages, then a cut line ({e.Message.Split('\n')[0]})");
                break;
            }

            Add(envelopes.Current);
            read++;
        }
    }

    public void Add(Envelope e)
    {
        Count++;
        switch (e)
        {
            case { GherkinDocument: { } d }:
                if (Documents.ContainsKey(d.Uri)) _picklesPerUri.Remove(d.Uri); // a second run of the feature in this file
                Documents.TryAdd(d.Uri, d);
                break;
            case { Pickle: { } p }:
                Pickles[p.Id] = p;
                var index = _picklesPerUri.GetValueOrDefault(p.Uri);
                _picklesPerUri[p.Uri] = index + 1;
                PickleKeys[p.Id] = (p.Uri, index);
                break;
            case { TestCase: { } t }: TestCases[t.Id] = t; break;
            case { Hook: { } h }: Hooks[h.Id] = h; break;
            case { TestCaseStarted: { } s }: Started[s.Id] = s; break;
            case { TestCaseFinished: { } f }: Finished[f.TestCaseStartedId] = f; break;
            case { TestStepFinished: { } f }: Of(StepResults, f.TestCaseStartedId).Add(f); break;
            case { Attachment: { TestCaseStartedId: { } started } a }: Of(Attachments, started).Add(a); break;
            case { TestRunStarted: { } r }: RunsStarted.Add(r); break;
            case { TestRunFinished: { } r }: RunsFinished.Add(r); break;
            case { Meta: { } m }: Meta ??= m; break;
        }
    }

    /// <summary>Whether every run that started also finished (not killed).</summary>
    public bool Complete => RunsStarted.Count > 0 && RunsFinished.Count >= RunsStarted.Count && Truncated.Count == 0;

    private static List<T> Of<T>(Dictionary<string, List<T>> map, string key)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        return list;
    }
}
