using System.Diagnostics;
using LabSpecs.Core;

namespace LabSpecs.Environments.Images;

/// <summary>
/// Runs one of the image build scripts embedded in this assembly (build-images.sh, build-host-image.sh): written once under
/// the store, named by its content (other checkouts on this machine may run another version of it at the same time), its
/// "==> ..." lines sent to the progress sink as they come. A failure throws with the whole output.
/// </summary>
internal static class BuildScript
{
    public static string Text(string name) => Embedded.EmbeddedScript.Read(name);

    public static string Hash(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..12].ToLowerInvariant();

    public static async Task RunAsync(string name, string store, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env,
        IEvidenceSink progress, CancellationToken ct)
    {
        var text = Text(name);
        var script = Path.Combine(store, "scripts", $"{Path.GetFileNameWithoutExtension(name)}-{Hash(text)}.sh");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        if (!File.Exists(script))
        {
            await File.WriteAllTextAsync(script + ".tmp", text, ct).ConfigureAwait(false);
            File.Move(script + ".tmp", script, overwrite: true);
        }

        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var proc = Process.Start(psi) ?? throw new LabSpecsException($"could not start {name}");
        var output = new System.Text.StringBuilder();
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            if (line.StartsWith("==>", StringComparison.Ordinal)) progress.Record(new EvidenceItem(line[4..], line[4..])); // the line is its own title: a test run shows titles
        }

        proc.OutputDataReceived += (_, e) => OnLine(e.Data);
        proc.ErrorDataReceived += (_, e) => OnLine(e.Data);
        proc.BeginOutputReadLine();
        proc.BeginErrorReadLine();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromMinutes(30));
        try { await proc.WaitForExitAsync(cts.Token).ConfigureAwait(false); }
        catch (OperationCanceledException)
        {
            proc.Kill(entireProcessTree: true);
            throw;
        }

        if (proc.ExitCode != 0)
        {
            string text2;
            lock (output) text2 = output.ToString();
            throw new CommandFailedException(new ExecResult($"bash {script} {string.Join(' ', args)}", "localhost", proc.ExitCode, text2, "", clock.Elapsed));
        }
    }
}
