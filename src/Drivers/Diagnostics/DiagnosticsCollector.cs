using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Drivers.Docker;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Diagnostics;

/// <summary>
/// The one collector of what explains a failed step, on one host: the container and network lists and <c>brctl show</c> as the
/// handbook reads them, <c>docker inspect</c> and log tails of the containers involved, then <c>ip addr</c>, <c>ip route</c>,
/// <c>iptables-save</c>, <c>bridge link</c> and <c>bridge fdb</c>. Each piece has its own timeout and never throws: a piece
/// that fails carries its error as its content, so one broken tool hides nothing else. Other systems (a cluster's kubectl)
/// gather their own commands through <see cref="GatherCommandAsync"/>, with the same timeout and the same marking.
/// </summary>
public sealed class DiagnosticsCollector(HostShell host, DockerEngine? docker = null, TimeSpan? perItemTimeout = null)
{
    public static readonly string[] HandbookViews = ["docker ps -a", "docker network ls", "brctl show"];

    public static readonly string[] HostCommands = ["ip addr", "ip route", "iptables-save", "bridge link", "bridge fdb show"];

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private TimeSpan Timeout => perItemTimeout ?? DefaultTimeout;

    /// <summary>
    /// Diagnostics of every host of <paramref name="env"/> into <paramref name="sink"/>, with the containers the scenario
    /// started on each (<c>(host, name)</c> pairs).
    /// </summary>
    public static async Task CollectAsync(ILabEnvironment env, IEnumerable<(string Host, string Name)> containers, IEvidenceSink sink, CancellationToken ct = default)
    {
        var started = containers.ToList();
        foreach (var h in env.Hosts)
        {
            using var docker = DockerEngine.For(h, env.Id, NullEvidenceSink.Instance);
            var names = started.Where(c => c.Host == h.Name).Select(c => c.Name).Distinct().ToList();
            await new DiagnosticsCollector(new HostShell(h, sink), docker).CollectIntoAsync(sink, names, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Collects everything; the items are marked <see cref="EvidenceItem.IsDiagnostic"/>. Honours only <paramref name="ct"/> for the whole.</summary>
    public async Task<IReadOnlyList<EvidenceItem>> CollectAsync(IEnumerable<string>? containers = null, int logTail = 50, CancellationToken ct = default)
    {
        var items = new List<EvidenceItem>();
        foreach (var command in HandbookViews) items.Add(await CommandAsync(command, ct).ConfigureAwait(false));
        if (docker is not null)
        {
            foreach (var c in containers ?? [])
            {
                items.Add(await GatherAsync($"[{host.Where}] docker inspect {c}", async t => (await docker.InspectContainerCoreAsync(c, record: false, t).ConfigureAwait(false)).Json, ct).ConfigureAwait(false));
                items.Add(await GatherAsync($"[{host.Where}] docker logs --tail {logTail} {c}", async t =>
                {
                    var logs = await docker.LogsCoreAsync(c, logTail, record: false, t).ConfigureAwait(false);
                    return logs.Stdout + logs.Stderr;
                }, ct).ConfigureAwait(false));
            }
        }

        foreach (var command in HostCommands) items.Add(await CommandAsync(command, ct).ConfigureAwait(false));
        return items;
    }

    /// <summary>Collects and records every item into <paramref name="sink"/>.</summary>
    public async Task CollectIntoAsync(IEvidenceSink sink, IEnumerable<string>? containers = null, CancellationToken ct = default)
    {
        foreach (var item in await CollectAsync(containers, ct: ct).ConfigureAwait(false)) sink.Record(item);
    }

    private Task<EvidenceItem> CommandAsync(string command, CancellationToken ct) =>
        GatherCommandAsync($"[{host.Where}] {command}", t => host.QuietAsync(command, Timeout, t), Timeout, ct);

    /// <summary>One diagnostic command (its transcript, the command attached), cut off at <paramref name="timeout"/>; never throws but for <paramref name="ct"/>.</summary>
    public static async Task<EvidenceItem> GatherCommandAsync(string title, Func<CancellationToken, Task<ExecResult>> run, TimeSpan timeout, CancellationToken ct = default)
    {
        ExecResult? result = null;
        var item = await GatherAsync(title, async t => (result = await run(t).ConfigureAwait(false)).ToTranscript(), timeout, ct).ConfigureAwait(false);
        return result is null ? item : item with { Command = result };
    }

    private Task<EvidenceItem> GatherAsync(string title, Func<CancellationToken, Task<string>> gather, CancellationToken ct) =>
        GatherAsync(title, gather, Timeout, ct);

    private static async Task<EvidenceItem> GatherAsync(string title, Func<CancellationToken, Task<string>> gather, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            var task = gather(cts.Token);
            // WaitAsync bounds even a gatherer that ignores its token.
            return new EvidenceItem(title, await task.WaitAsync(timeout, ct).ConfigureAwait(false), IsDiagnostic: true);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var why = e is TimeoutException or OperationCanceledException ? $"timed out after {timeout.TotalSeconds:0.#} s" : e.Message;
            return new EvidenceItem(title, $"(could not collect: {why})", IsDiagnostic: true);
        }
    }
}
