using LabSpecs.Core;

namespace LabSpecs.Drivers.Commands;

/// <summary>
/// Runs commands with <c>sh -c</c> on this machine, optionally inside a network namespace (<c>nsenter --net=/var/run/netns/NAME</c>).
/// Used by tools and tests that look at namespaces the project created; lab steps use <see cref="LabHostRunner"/> or SSH.
/// </summary>
public sealed class LocalCommandRunner(string where, IEvidenceSink evidence, string? netns = null) : ICommandRunner
{
    public string Where => where;

    public async Task<ExecResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var (file, args) = netns is null
            ? ("sh", new[] { "-c", command })
            : ("nsenter", new[] { $"--net=/var/run/netns/{netns}", "sh", "-c", command });
        var raw = await LocalProcess.RunAsync(file, args, timeout ?? Timeouts.Default.Exec, ct: ct).ConfigureAwait(false);
        // Evidence shows the command as typed on the host, not the nsenter wrapper.
        var result = raw with { Command = command, Where = where };
        evidence.Record(result);
        return result;
    }
}
