using LabSpecs.Core;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Commands;

/// <summary>Runs commands through the environment's <see cref="ILabHost.ExecAsync"/> and records each one as evidence.</summary>
public sealed class LabHostRunner(ILabHost host, IEvidenceSink evidence) : ICommandRunner
{
    public string Where => host.Name;

    public async Task<ExecResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var result = await host.ExecAsync(command, timeout ?? Timeouts.Default.Exec, ct).ConfigureAwait(false);
        evidence.Record(result);
        return result;
    }
}
