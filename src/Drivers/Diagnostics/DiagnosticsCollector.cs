using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Drivers.Docker;

namespace LabSpecs.Drivers.Diagnostics;

/// <summary>
/// Gathers what explains a failed step on one host: <c>docker inspect</c> and log tails of the containers involved, then
/// <c>ip addr</c>, <c>ip route</c>, <c>iptables-save</c>, <c>bridge link</c> and <c>bridge fdb</c>. Each piece has its own
/// timeout and never throws: a piece that fails carries its error as its content, so one broken tool hides nothing else.
/// </summary>
public sealed class DiagnosticsCollector(HostShell host, DockerEngine? docker = null, TimeSpan? perItemTimeout = null)
{
    public static readonly string[] HostCommands = ["ip addr", "ip route", "iptables-save", "bridge link", "bridge fdb show"];

    private TimeSpan Timeout => perItemTimeout ?? TimeSpan.FromSeconds(10);

    /// <summary>Collects everything; the items are marked <see cref="EvidenceItem.IsDiagnostic"/>. Honours only <paramref name="ct"/> for the whole.</summary>
    public async Task<IReadOnlyList<EvidenceItem>> CollectAsync(IEnumerable<string>? containers = null, int logTail = 50, CancellationToken ct = default)
    {
        var items = new List<EvidenceItem>();
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

        foreach (var command in HostCommands)
        {
            items.Add(await GatherAsync($"[{host.Where}] {command}", async t =>
                (await host.QuietAsync(command, Timeout, t).ConfigureAwait(false)).ToTranscript(), ct).ConfigureAwait(false));
        }

        return items;
    }

    /// <summary>Collects and records every item into <paramref name="sink"/>.</summary>
    public async Task CollectIntoAsync(IEvidenceSink sink, IEnumerable<string>? containers = null, CancellationToken ct = default)
    {
        foreach (var item in await CollectAsync(containers, ct: ct).ConfigureAwait(false)) sink.Record(item);
    }

    private async Task<EvidenceItem> GatherAsync(string title, Func<CancellationToken, Task<string>> gather, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Timeout);
        try
        {
            var task = gather(cts.Token);
            // WaitAsync bounds even a gatherer that ignores its token.
            return new EvidenceItem(title, await task.WaitAsync(Timeout, ct).ConfigureAwait(false), IsDiagnostic: true);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var why = e is TimeoutException or OperationCanceledException ? $"timed out after {Timeout.TotalSeconds:0.#} s" : e.Message;
            return new EvidenceItem(title, $"(could not collect: {why})", IsDiagnostic: true);
        }
    }
}
