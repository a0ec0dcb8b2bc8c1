using System.Text;
using LabSpecs.Core;

namespace LabSpecs.Environments.Inventory;

/// <summary>
/// One run at a time on a host: <c>flock</c> on /run/labspecs.lock, held by a command that lives as long as this process
/// keeps its SSH channel open (its stdin). When the run ends — or is killed, or loses the connection — sshd closes the
/// channel, the command ends and the kernel drops the lock: no stale lock is ever left. A second run waits, saying who holds
/// the host (run id, machine, process, since when), and fails after its timeout.
/// </summary>
public sealed class HostLock : IAsyncDisposable
{
    public const string LockFile = "/run/labspecs.lock";
    public const string WaitVariable = "LABSPECS_LOCK_WAIT_SECONDS";
    private readonly Stream _channel;

    private HostLock(Stream channel, string host)
    {
        _channel = channel;
        Host = host;
    }

    public string Host { get; }

    /// <summary>How long a run waits for a host another run holds (LABSPECS_LOCK_WAIT_SECONDS, default 600).</summary>
    public static TimeSpan DefaultWait =>
        int.TryParse(Environment.GetEnvironmentVariable(WaitVariable), out var s) && s >= 0 ? TimeSpan.FromSeconds(s) : TimeSpan.FromMinutes(10);

    /// <summary>The shell the host runs: take the lock (or say who has it and wait), write the holder, then hold until stdin closes.</summary>
    public static string Script(string holder, TimeSpan wait) => $$"""
        exec 9>>{{LockFile}}
        if ! flock -n 9; then
          echo "labspecs-lock busy $(cat {{LockFile}}.holder 2>/dev/null)"
          flock -w {{(int)Math.Ceiling(wait.TotalSeconds)}} 9 || { echo "labspecs-lock timeout $(cat {{LockFile}}.holder 2>/dev/null)"; exit 3; }
        fi
        echo {{LocalProcess.Quote(holder)}} > {{LockFile}}.holder
        echo "labspecs-lock held"
        exec cat >/dev/null
        """;

    internal static async Task<HostLock> AcquireAsync(InventoryLabHost host, string holder, TimeSpan wait, IEvidenceSink progress, CancellationToken ct)
    {
        var stream = await host.OpenAsRootAsync(Script(holder, wait), ct).ConfigureAwait(false);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(wait + TimeSpan.FromSeconds(30));
            var reader = new StreamReader(stream, Encoding.UTF8, false, 1024, leaveOpen: true);
            while (true)
            {
                var line = await reader.ReadLineAsync(limit.Token).ConfigureAwait(false);
                switch (line)
                {
                    case null:
                        throw new LabSpecsException($"{host.Name}: could not take the host lock {LockFile} (the lock command ended; is flock installed and does sudo work without a terminal?)");
                    case "labspecs-lock held":
                        return new HostLock(stream, host.Name);
                    case var busy when busy.StartsWith("labspecs-lock busy", StringComparison.Ordinal):
                        var message = $"{host.Name} is in use by {Holder(busy, "labspecs-lock busy")}; waiting up to {wait.TotalSeconds:0} s for it ({WaitVariable})";
                        progress.Record(new EvidenceItem(message, message));
                        break;
                    case var timeout when timeout.StartsWith("labspecs-lock timeout", StringComparison.Ordinal):
                        throw new LabSpecsException($"{host.Name} stayed in use by {Holder(timeout, "labspecs-lock timeout")} for {wait.TotalSeconds:0} s; gave up ({WaitVariable} sets the wait)");
                }
            }
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string Holder(string line, string prefix) => line.Length > prefix.Length ? line[prefix.Length..].Trim() : "another run (no holder written)";

    /// <summary>Who takes the lock: <c>run ID of USER@MACHINE pid PID since TIME</c>.</summary>
    public static string HolderText(string runId) =>
        $"run {runId} of {Environment.UserName}@{Environment.MachineName} pid {Environment.ProcessId} since {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z";

    public async ValueTask DisposeAsync() => await _channel.DisposeAsync().ConfigureAwait(false);
}
