using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;

namespace LabSpecs.Specs.Support;

/// <summary>
/// Runs commands on a lab host inside a working directory (created on first use); evidence shows the command as typed
/// there, with the directory in the prompt: <c>[docker-host:/root/lab-1234]$ gcc -o hello -static hello.c</c>.
/// </summary>
public sealed class WorkingDirectoryRunner(ILabHost host, string directory, IEvidenceSink evidence) : ICommandRunner
{
    public string Where => $"{host.Name}:{directory}";

    public async Task<ExecResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var raw = await host.ExecAsync($"mkdir -p {directory} && cd {directory} && {command}", timeout ?? Timeouts.Default.Exec, ct)
            .ConfigureAwait(false);
        var result = raw with { Command = command, Where = Where };
        evidence.Record(result);
        return result;
    }
}
