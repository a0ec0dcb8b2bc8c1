using LabSpecs.Core;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.MultiHost;

/// <summary>Runs a shell command on a lab host (or the underlay) and records it, with its output, as evidence.</summary>
public static class HostCommands
{
    public static async Task<ExecResult> RunAsync(
        this ILabHost host, string command, IEvidenceSink evidence, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var result = await host.ExecAsync(command, timeout, ct).ConfigureAwait(false);
        evidence.Record(result);
        return result;
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit code throws <see cref="CommandFailedException"/>.</summary>
    public static async Task<ExecResult> MustAsync(
        this ILabHost host, string command, IEvidenceSink evidence, TimeSpan? timeout = null, CancellationToken ct = default) =>
        (await host.RunAsync(command, evidence, timeout, ct).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>Runs without recording: for polling probes whose every attempt would flood the report.</summary>
    public static Task<ExecResult> QuietAsync(this ILabHost host, string command, TimeSpan? timeout = null, CancellationToken ct = default) =>
        host.ExecAsync(command, timeout, ct);
}
