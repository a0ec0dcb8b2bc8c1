using LabSpecs.Core;
using LabSpecs.Drivers.Commands;

namespace LabSpecs.Drivers.Docker;

/// <summary>
/// A container as an <see cref="ICommandRunner"/>: commands run with <c>docker exec CONTAINER sh -c '…'</c> (the engine records
/// the evidence), so parsers and diagnostics that read a host can read a container the same way (e.g. busybox <c>ip addr</c>).
/// </summary>
public sealed class ContainerShell(DockerEngine docker, string container) : ICommandRunner
{
    public string Where => $"{docker.Host}/{container}";

    public Task<ExecResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default) =>
        docker.ExecShellAsync(container, command, timeout, ct);
}
