namespace LabSpecs.Core;

/// <summary>What a command printed and how it ended, wherever it ran (a lab host over SSH, a local process, a container).</summary>
public sealed record ExecResult(string Command, string Where, int ExitCode, string Stdout, string Stderr, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws <see cref="CommandFailedException"/> unless the command exited 0.</summary>
    public ExecResult EnsureSuccess() => Succeeded ? this : throw new CommandFailedException(this);

    /// <summary>The result as a reader of the handbook sees it: the prompt line, then the output.</summary>
    public string ToTranscript()
    {
        var text = $"[{Where}]$ {Command}\n{Stdout}";
        if (!string.IsNullOrEmpty(Stderr))
        {
            text += (text.EndsWith('\n') ? "" : "\n") + Stderr;
        }

        return text.TrimEnd('\n') + (Succeeded ? "" : $"\n(exit code {ExitCode})");
    }
}
