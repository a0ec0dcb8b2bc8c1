using LabSpecs.Core;

namespace LabSpecs.Drivers.Commands;

/// <summary>
/// Runs a shell command on one host and records it as evidence. Implemented over SSH (<see cref="Ssh.SshHost"/>) and over the
/// environment's own exec (<see cref="LabHostRunner"/>), so host-networking facts read the same way wherever the host lives.
/// </summary>
public interface ICommandRunner
{
    /// <summary>The host name shown in evidence and errors.</summary>
    string Where { get; }

    /// <summary>Runs <paramref name="command"/>; a non-zero exit is a result, not an exception (call <see cref="ExecResult.EnsureSuccess"/>).</summary>
    Task<ExecResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default);
}
