using System.Diagnostics;
using Docker.DotNet.Models;
using LabSpecs.Core;

namespace LabSpecs.Drivers.Docker;

public sealed partial class DockerEngine
{
    /// <summary>
    /// <c>docker exec CONTAINER COMMAND…</c>, capturing stdout, stderr and the exit code (e.g. <c>ping -c 3 test2</c> inside a
    /// container). A non-zero exit is a result, not an exception. <see cref="ExecResult.Where"/> is <c>host/container</c>.
    /// </summary>
    public async Task<ExecResult> ExecAsync(string container, IReadOnlyList<string> command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var cli = DockerCli.Exec(container, command);
        var clock = Stopwatch.StartNew();
        var result = await CallAsync(cli, timeout ?? Options.Call, async c =>
        {
            var exec = await _client.Exec.CreateContainerExecAsync(container,
                new ContainerExecCreateParameters { AttachStdout = true, AttachStderr = true, Cmd = command.ToList() }, c).ConfigureAwait(false);
            using var stream = await _client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), c).ConfigureAwait(false);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(c).ConfigureAwait(false);
            var inspect = await _client.Exec.InspectContainerExecAsync(exec.ID, c).ConfigureAwait(false);
            return new ExecResult(cli, $"{Host}/{container}", (int)(inspect.ExitCode ?? -1), stdout, stderr, clock.Elapsed, Channel ?? "");
        }, r => r.ToTranscript(), ct, record: false).ConfigureAwait(false);
        _evidence.Record(result);
        return result;
    }

    /// <summary><c>docker exec CONTAINER sh -c 'COMMAND'</c> when given one string (pipes and redirections work as typed).</summary>
    public Task<ExecResult> ExecShellAsync(string container, string command, TimeSpan? timeout = null, CancellationToken ct = default) =>
        ExecAsync(container, ["sh", "-c", command], timeout, ct);

    /// <summary>
    /// <c>docker run [--rm] IMAGE COMMAND</c> in the foreground: creates, starts, waits for exit, collects the logs, and (with
    /// <see cref="ContainerSpec.Remove"/>) removes the container. Returns the exit code and output like a command run.
    /// </summary>
    public async Task<ExecResult> RunToCompletionAsync(ContainerSpec spec, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var cli = DockerCli.Run(spec, detached: false);
        var clock = Stopwatch.StartNew();
        var result = await CallAsync(cli, timeout ?? Options.RunToCompletion, async c =>
        {
            var id = await CreateRawAsync(spec, c).ConfigureAwait(false);
            try
            {
                await _client.Containers.StartContainerAsync(id, new ContainerStartParameters(), c).ConfigureAwait(false);
                var wait = await _client.Containers.WaitContainerAsync(id, c).ConfigureAwait(false);
                var (stdout, stderr) = await ReadLogsAsync(id, null, c).ConfigureAwait(false);
                return new ExecResult(cli, Host, (int)wait.StatusCode, stdout, stderr, clock.Elapsed, Channel ?? "");
            }
            finally
            {
                if (spec.Remove)
                {
                    // Removed even when the wait timed out; a fresh token so a cancelled call still cleans up.
                    using var cleanup = new CancellationTokenSource(Options.Stop);
                    await _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cleanup.Token)
                        .ConfigureAwait(false);
                }
            }
        }, r => r.ToTranscript(), ct, record: false).ConfigureAwait(false);
        _evidence.Record(result);
        return result;
    }

    /// <summary><c>docker wait CONTAINER</c>: its exit code.</summary>
    public Task<long> WaitAsync(string container, TimeSpan? timeout = null, CancellationToken ct = default) =>
        CallAsync(DockerCli.Line("docker", "wait", container), timeout ?? Options.RunToCompletion, async c =>
            (await _client.Containers.WaitContainerAsync(container, c).ConfigureAwait(false)).StatusCode, code => code.ToString(), ct);

    /// <summary><c>docker logs [--tail N] CONTAINER</c>: stdout and stderr as the container wrote them.</summary>
    public Task<ExecResult> LogsAsync(string container, int? tail = null, CancellationToken ct = default) =>
        LogsCoreAsync(container, tail, record: true, ct);

    internal Task<ExecResult> LogsCoreAsync(string container, int? tail, bool record, CancellationToken ct)
    {
        var cli = tail is null ? DockerCli.Line("docker", "logs", container) : DockerCli.Line("docker", "logs", "--tail", tail.Value.ToString(), container);
        var clock = Stopwatch.StartNew();
        return CallAsync(cli, Options.Call, async c =>
        {
            var (stdout, stderr) = await ReadLogsAsync(container, tail, c).ConfigureAwait(false);
            return new ExecResult(cli, Host, 0, stdout, stderr, clock.Elapsed, Channel ?? "");
        }, r => r.Stdout + r.Stderr, ct, record);
    }

    private async Task<(string Stdout, string Stderr)> ReadLogsAsync(string container, int? tail, CancellationToken ct)
    {
        var parameters = new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = tail?.ToString() ?? "all" };
        using var stream = await _client.Containers.GetContainerLogsAsync(container, parameters, ct).ConfigureAwait(false);
        return await stream.ReadOutputToEndAsync(ct).ConfigureAwait(false);
    }
}
