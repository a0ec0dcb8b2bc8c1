namespace LabSpecs.Core;

/// <summary>
/// The label everything a run creates carries (containers, networks, volumes, services, images, cluster namespaces):
/// <c>labspecs.run=&lt;run id&gt;</c>. Cleanup after a scenario and the sweep of a killed run's leftovers find things by it.
/// </summary>
public static class LabLabels
{
    public const string Run = "labspecs.run";

    /// <summary>A docker <c>--filter label=…</c> value for what <paramref name="runId"/> made, or for every run when it is null.</summary>
    public static string RunFilter(string? runId) => runId is null ? Run : $"{Run}={runId}";
}
