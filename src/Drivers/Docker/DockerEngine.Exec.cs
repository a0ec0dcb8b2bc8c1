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

    /// <summary><c>docker wait CONTAINER</c>: its exit code.</summary>
    public Task<long> WaitAsync(string container, TimeSpan? timeout = null, CancellationToken ct = default) =>
        CallAsync(DockerCli.Line("docker", "wait", container), timeout ?? Options.RunToCompletion, async c =>
            (await _client.Containers.WaitContainerAsync(container, c).ConfigureAwait(false)).StatusCode, code => code.ToString(), ct);

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
