namespace LabSpecs.Core;

/// <summary>
/// What a command printed and how it ended, wherever it ran (a lab host over SSH, a local process, a container, or a
/// Docker API call shown as its CLI equivalent). <see cref="Channel"/> says how it was run (<see cref="Channels"/>).
/// </summary>
public sealed record ExecResult(string Command, string Where, int ExitCode, string Stdout, string Stderr, TimeSpan Duration, string Channel = "")
{
    /// <summary>When the command started; by default the moment the result was made minus its duration.</summary>
    public DateTimeOffset Started { get; init; } = DateTimeOffset.UtcNow - Duration;

    public bool Succeeded => ExitCode == 0;

    /// <summary>The lines of <see cref="Stdout"/>, without the last line's newline.</summary>
    public IReadOnlyList<string> StdoutLines => Stdout.TrimEnd('\n').Split('\n');

    /// <summary>Throws <see cref="CommandFailedException"/> unless the command exited 0.</summary>
    public ExecResult EnsureSuccess() => Succeeded ? this : throw new CommandFailedException(this);

    /// <summary>The result as a reader of the handbook sees it: the prompt line (where, and how: <c>[docker-host via ssh]$</c>), then the output.</summary>
    public string ToTranscript()
    {
        var at = string.IsNullOrEmpty(Channel) ? Where : $"{Where} via {Channel}";
        var text = $"[{at}]$ {Command}\n{Stdout}";
        if (!string.IsNullOrEmpty(Stderr))
        {
            text += (text.EndsWith('\n') ? "" : "\n") + Stderr;
        }

        return text.TrimEnd('\n') + (Succeeded ? "" : $"\n(exit code {ExitCode})");
    }
}

/// <summary>How a command reached the place it ran: the values of <see cref="ExecResult.Channel"/>.</summary>
public static class Channels
{
    public const string Ssh = "ssh";
    public const string Local = "local";
    public const string DockerApi = "docker-api";
    public const string DockerExec = "docker-exec";
}
