namespace LabSpecs.Core;

/// <summary>Typed defaults per kind of operation; overridable with LABSPECS_TIMEOUT_&lt;KIND&gt; (seconds).</summary>
public sealed record Timeouts(TimeSpan Exec, TimeSpan Apply, TimeSpan Assert, TimeSpan Cleanup, TimeSpan Provision)
{
    private static readonly Timeouts Configured = FromEnvironment();
    private static double _slowdown = 1;

    /// <summary>The configured timeouts, times <see cref="SlowHosts"/>' factor when the run's hosts are slow (VMs under qemu's emulator).</summary>
    public static Timeouts Default { get; private set; } = Configured;

    /// <summary>
    /// Hosts of this run are <paramref name="factor"/> times slower than the timeouts assume (a VM under TCG,
    /// much slower than under KVM): every default timeout of the process is stretched by it, once; a user's LABSPECS_TIMEOUT_* too.
    /// Timeouts are bounds for when something hangs, never measurements, so a longer bound changes no outcome.
    /// </summary>
    public static void SlowHosts(double factor)
    {
        if (factor <= _slowdown) return;
        _slowdown = factor;
        var c = Configured;
        Default = new Timeouts(c.Exec * factor, c.Apply * factor, c.Assert * factor, c.Cleanup * factor, c.Provision * factor);
    }

    private static Timeouts FromEnvironment() => new(
        Read("EXEC", 30), Read("APPLY", 60), Read("ASSERT", 30), Read("CLEANUP", 30), Read("PROVISION", 120));

    private static TimeSpan Read(string kind, double fallbackSeconds) =>
        double.TryParse(Environment.GetEnvironmentVariable($"LABSPECS_TIMEOUT_{kind}"), out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.FromSeconds(fallbackSeconds);
}
