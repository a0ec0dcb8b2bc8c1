using LabSpecs.Core;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.MultiHost;

/// <summary>What a bounded capture on the underlay saw.</summary>
public sealed record CaptureResult(string Filter, IReadOnlyList<CapturedPacket> Packets, ExecResult Tcpdump);

/// <summary>
/// Captures on the network between the hosts (the wire the handbook runs <c>tcpdump -i enp0s8</c> on) while traffic runs:
/// <c>tcpdump -l -n -c COUNT</c> bounded by <c>timeout</c>, with the traffic repeated until the capture ends, so no fixed
/// sleep has to guess when tcpdump is listening.
/// </summary>
public sealed class UnderlayCapture(ILabEnvironment environment, IEvidenceSink evidence)
{
    public async Task<CaptureResult> CaptureWhileAsync(
        string filter, int count, TimeSpan limit, Func<CancellationToken, Task> traffic, CancellationToken ct = default, ILabHost? near = null)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(limit.TotalSeconds));
        var command = $"timeout {seconds} tcpdump -l -n -c {count} -i any {LocalProcess.Quote(filter)}";
        // near: the receiving host; real hosts capture what reaches it (no machine of theirs sees the whole wire)
        var capture = environment.ExecOnUnderlayAsync(command, limit + TimeSpan.FromSeconds(10), ct, near);
        // tcpdump needs a moment to open its socket; the traffic is repeated until the capture has its packets or times out.
        await Task.Delay(TimeSpan.FromMilliseconds(300), ct).ConfigureAwait(false);
        while (!capture.IsCompleted)
        {
            await traffic(ct).ConfigureAwait(false);
        }

        var result = await capture.ConfigureAwait(false);
        evidence.Record(new EvidenceItem($"[{result.Where}]$ {command}", result.ToTranscript()));
        return new CaptureResult(filter, CapturedPacket.ParseAll(result.Stdout), result);
    }
}
