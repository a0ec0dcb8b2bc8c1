namespace LabSpecs.Core;

/// <summary>One thing a step did and what it showed: a command and its output, or an API call with its CLI equivalent.</summary>
public sealed record EvidenceItem(string Title, string Content, bool IsDiagnostic = false);

/// <summary>
/// Where drivers record what they ran. The step layer attaches these to the current step in the living-doc report;
/// drivers never depend on Reqnroll.
/// </summary>
public interface IEvidenceSink
{
    void Record(EvidenceItem item);
}

public static class EvidenceSinkExtensions
{
    public static void Record(this IEvidenceSink sink, ExecResult result) =>
        sink.Record(new EvidenceItem(result.Command, result.ToTranscript()));
}

/// <summary>Keeps evidence in memory (for tools and tests that print it themselves).</summary>
public sealed class EvidenceLog : IEvidenceSink
{
    private readonly List<EvidenceItem> _items = [];

    public IReadOnlyList<EvidenceItem> Items
    {
        get { lock (_items) { return _items.ToArray(); } }
    }

    public void Record(EvidenceItem item)
    {
        lock (_items) { _items.Add(item); }
    }
}

/// <summary>Drops evidence; for callers that do not keep it.</summary>
public sealed class NullEvidenceSink : IEvidenceSink
{
    public static readonly NullEvidenceSink Instance = new();

    public void Record(EvidenceItem item) { }
}
