using LabSpecs.Core;

namespace LabSpecs.Drivers.Docker;

/// <summary>
/// Timeouts per kind of engine call and the API version to speak. Docker 20.10 serves API 1.41; requests are pinned to it
/// so a newer client model never asks an old engine for fields it does not know.
/// </summary>
public sealed record DockerEngineOptions(
    TimeSpan Call, TimeSpan Pull, TimeSpan Build, TimeSpan RunToCompletion, TimeSpan Stop, Version ApiVersion)
{
    public static DockerEngineOptions Default { get; } = new(
        Timeouts.Default.Exec, Timeouts.Default.Provision, Timeouts.Default.Provision, Timeouts.Default.Apply,
        Timeouts.Default.Cleanup, new Version(1, 41));
}
