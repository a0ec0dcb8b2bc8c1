using System.Diagnostics;

namespace LabSpecs.Core;

/// <summary>Runs a program on this machine with an explicit timeout; the whole process tree is killed on timeout or cancellation.</summary>
public static class LocalProcess
{
    public static async Task<ExecResult> RunAsync(
        string fileName, IEnumerable<string> args, TimeSpan timeout, string? stdin = null,
        IDictionary<string, string>? env = null, CancellationToken ct = default, string? workingDirectory = null)
    {
        var argList = args.ToList();
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in argList) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;

        var commandLine = string.Join(' ', new[] { fileName }.Concat(argList.Select(Quote)));
        var clock = Stopwatch.StartNew();
        using var proc = Process.Start(psi) ?? throw new LabSpecsException($"Could not start {commandLine}");
        var stdoutTask = proc.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderrTask = proc.StandardError.ReadToEndAsync(CancellationToken.None);
        if (stdin is not null)
        {
            await proc.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
            proc.StandardInput.Close();
        }

        if (!await ExitedInTimeAsync(proc, timeout, ct).ConfigureAwait(false))
        {
            var partial = await stdoutTask.ConfigureAwait(false);
            throw new LabSpecsException(
                $"Timed out after {timeout.TotalSeconds:0.#} s: {commandLine}\n  stdout so far:\n{CommandFailedException.Indent(partial)}");
        }

        return new ExecResult(commandLine, "localhost", proc.ExitCode,
            await stdoutTask.ConfigureAwait(false), await stderrTask.ConfigureAwait(false), clock.Elapsed);
    }

    /// <summary>
    /// Runs a program that talks to the user itself (its output goes straight to this process's console, e.g. one engine's
    /// lab run of a matrix); returns its exit code. The whole process tree is killed on timeout or cancellation.
    /// </summary>
    public static async Task<int> RunAttachedAsync(string fileName, IEnumerable<string> args, TimeSpan timeout,
        IDictionary<string, string?>? env = null, CancellationToken ct = default)
    {
        var psi = new ProcessStartInfo(fileName) { UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var proc = Process.Start(psi) ?? throw new LabSpecsException($"Could not start {fileName}");
        return await ExitedInTimeAsync(proc, timeout, ct).ConfigureAwait(false)
            ? proc.ExitCode
            : throw new LabSpecsException($"Timed out after {timeout.TotalMinutes:0.#} min: {fileName} {string.Join(' ', psi.ArgumentList.Select(Quote))}");
    }

    /// <summary>Waits for the process; on timeout kills its whole tree and returns false, on cancellation kills it and throws.</summary>
    private static async Task<bool> ExitedInTimeAsync(Process proc, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await proc.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            try { proc.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            ct.ThrowIfCancellationRequested();
            return false;
        }
    }

    public static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./=:,@%+".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";
}
