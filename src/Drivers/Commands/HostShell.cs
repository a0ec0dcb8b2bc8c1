using LabSpecs.Core;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Commands;

/// <summary>
/// The one way to run a shell command on a lab host: <see cref="ILabHost.ExecAsync"/> (nsenter or SSH, whichever channel the
/// host has), each command recorded as evidence with its host and channel (<c>[docker-host via ssh]$ ip addr</c>), exit code
/// and duration. Optionally inside a working directory (made on first use), shown in the prompt:
/// <c>[docker-host:/root/lab-1234 via nsenter]$ gcc -o hello -static hello.c</c>.
/// </summary>
public sealed class HostShell(ILabHost host, IEvidenceSink evidence, string? workingDirectory = null)
{
    public ILabHost Host => host;

    public IEvidenceSink Evidence => evidence;

    /// <summary>The host name shown in evidence and errors (with the working directory when there is one).</summary>
    public string Where => workingDirectory is null ? host.Name : $"{host.Name}:{workingDirectory}";

    /// <summary>The same host, in <paramref name="directory"/>.</summary>
    public HostShell In(string directory) => new(host, evidence, directory);

    /// <summary>Runs <paramref name="command"/> and records it; a non-zero exit is a result, not an exception.</summary>
    public async Task<ExecResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var result = await QuietAsync(command, timeout, ct).ConfigureAwait(false);
        evidence.Record(result);
        return result;
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit throws <see cref="CommandFailedException"/>.</summary>
    public async Task<ExecResult> MustAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default) =>
        (await RunAsync(command, timeout, ct).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> on the host (a here-document, as one would type it).</summary>
    public Task<ExecResult> WriteFileAsync(string path, string content, TimeSpan? timeout = null, CancellationToken ct = default) =>
        MustAsync(WriteFileCommand(path, content), timeout, ct);

    public static string WriteFileCommand(string path, string content) =>
        $"cat > {LocalProcess.Quote(path)} <<'LABSPECS_EOF'\n{content}\nLABSPECS_EOF";

    /// <summary>Runs without recording: for the probes of a wait (the wait records its own outcome) and for diagnostics.</summary>
    public async Task<ExecResult> QuietAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        if (workingDirectory is null) return await host.ExecAsync(command, timeout ?? Timeouts.Default.Exec, ct).ConfigureAwait(false);
        var raw = await host.ExecAsync($"mkdir -p {workingDirectory} && cd {workingDirectory} && {command}", timeout ?? Timeouts.Default.Exec, ct)
            .ConfigureAwait(false);
        return raw with { Command = command, Where = Where };
    }
}
