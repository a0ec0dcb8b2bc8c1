namespace LabSpecs.Core;

/// <summary>
/// One thing a step did and what it showed: the readable <see cref="Title"/>/<see cref="Content"/> log text, and, when it
/// was a command or a wait, the same as data (<see cref="Command"/>, <see cref="Wait"/>) for the report to show as a
/// terminal block or a convergence line.
/// </summary>
public sealed record EvidenceItem(string Title, string Content, bool IsDiagnostic = false)
{
    /// <summary>The command this item shows (host, channel, exit code, start, duration, output).</summary>
    public ExecResult? Command { get; init; }

    /// <summary>The wait this item shows (description, attempts with what each saw, converged or not, elapsed).</summary>
    public WaitOutcome? Wait { get; init; }

    /// <summary>The environment the scenario runs on (recorded once per environment and feature).</summary>
    public EnvironmentFacts? Environment { get; init; }
}

/// <summary>
/// Where drivers record what they ran. The step layer attaches these to the current step in the living-doc report;
/// drivers never depend on Reqnroll.
/// </summary>
public interface IEvidenceSink
{
    void Record(EvidenceItem item);
}

/// <summary>A sink that remembers the last command recorded to it (not diagnostics): what a failed expectation shows as observed.</summary>
public interface ICommandHistory
{
    ExecResult? LastCommand { get; }
}

public static class EvidenceSinkExtensions
{
    public static void Record(this IEvidenceSink sink, ExecResult result, bool isDiagnostic = false) =>
        sink.Record(new EvidenceItem(result.Command, result.ToTranscript(), isDiagnostic) { Command = result });

    public static void Record(this IEvidenceSink sink, WaitOutcome wait) =>
        sink.Record(new EvidenceItem("wait", wait.ToString()) { Wait = wait });
}

/// <summary>Keeps evidence in memory (for tools and tests that print it themselves).</summary>
public sealed class EvidenceLog : IEvidenceSink, ICommandHistory
{
    private readonly List<EvidenceItem> _items = [];

    public ExecResult? LastCommand
    {
        get { lock (_items) { return _items.LastOrDefault(i => i.Command is not null && !i.IsDiagnostic)?.Command; } }
    }

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

/// <summary>What a lab ran on: shown once per environment on the report's front page.</summary>
public sealed record EnvironmentFacts(string Id, string Topology, string Provider, string Subnet, string Kernel,
    IReadOnlyList<HostFacts> Hosts, IReadOnlyDictionary<string, string> MissingCapabilities);

/// <summary>One host of an environment: its address and the Docker engine version it answered with.</summary>
public sealed record HostFacts(string Name, string Address, string DockerVersion);
