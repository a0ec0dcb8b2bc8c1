namespace LabSpecs.Core;

/// <summary>Base of LabSpecs' own errors: each says what was tried, where, and what was seen.</summary>
public class LabSpecsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A command exited non-zero where success was required.</summary>
public sealed class CommandFailedException(ExecResult result)
    : LabSpecsException(Describe(result))
{
    public ExecResult Result { get; } = result;

    public static string Describe(ExecResult r) =>
        $"Command failed on {r.Where} with exit code {r.ExitCode} after {r.Duration.TotalSeconds:0.00} s: {r.Command}\n" +
        $"  stdout:\n{Indent(r.Stdout)}\n  stderr:\n{Indent(r.Stderr)}";

    internal static string Indent(string text) =>
        string.IsNullOrEmpty(text) ? "    (empty)" : string.Join('\n', text.TrimEnd('\n').Split('\n').Select(l => "    " + l));
}

/// <summary>A wait (<see cref="Eventually"/>) ran out of time.</summary>
public sealed class WaitTimeoutException(string message, Exception? lastError) : LabSpecsException(message, lastError);

/// <summary>The environment lacks something a scenario needs; the runner reports the scenario as skipped with <see cref="Exception.Message"/>.</summary>
public sealed class CapabilityMissingException(string capability, string reason)
    : LabSpecsException($"needs {capability}: {reason}")
{
    public string Capability { get; } = capability;
}

/// <summary>Thrown by a probe when waiting longer cannot help (the process it waits for is gone): <see cref="Eventually"/> rethrows it at once.</summary>
public class StopWaitingException(string message, Exception? inner = null) : LabSpecsException(message, inner);
