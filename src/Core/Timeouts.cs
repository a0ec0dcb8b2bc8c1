namespace LabSpecs.Core;

/// <summary>Typed defaults per kind of operation; overridable with LABSPECS_TIMEOUT_&lt;KIND&gt; (seconds).</summary>
public sealed record Timeouts(TimeSpan Exec, TimeSpan Apply, TimeSpan Assert, TimeSpan Cleanup, TimeSpan Provision)
{
    public static Timeouts Default { get; } = FromEnvironment();

    private static Timeouts FromEnvironment() => new(
        Read("EXEC", 30), Read("APPLY", 60), Read("ASSERT", 30), Read("CLEANUP", 30), Read("PROVISION", 120));

    private static TimeSpan Read(string kind, double fallbackSeconds) =>
        double.TryParse(Environment.GetEnvironmentVariable($"LABSPECS_TIMEOUT_{kind}"), out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.FromSeconds(fallbackSeconds);
}
