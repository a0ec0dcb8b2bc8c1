using LabSpecs.Core;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Underlay;

/// <summary>What a bounded capture on the underlay saw.</summary>
public sealed record CaptureResult(string Filter, IReadOnlyList<CapturedPacket> Packets, ExecResult Tcpdump);

/// <summary>
/// Captures on the network between the hosts (the wire the handbook runs <c>tcpdump -i enp0s8</c> on) while traffic runs:
/// <c>tcpdump -l -n -c COUNT</c> bounded by <c>timeout</c>, with the traffic repeated until the capture ends, so no fixed
/// sleep has to guess when tcpdump is listening.
/// </summary>
public sealed class UnderlayCapture(ILabEnvironment environment, IEvidenceSink evidence)
{
    /// <summary>
    /// Captures <paramref name="count"/> packets matching <paramref name="filter"/> (within <paramref name="limit"/>, else what came)
    /// while <paramref name="traffic"/> runs again and again; the rounds of traffic are a wait, recorded with its attempts.
    /// </summary>
    public async Task<CaptureResult> CaptureWhileAsync(
        string filter, int count, Func<CancellationToken, Task> traffic, TimeSpan? limit = null, CancellationToken ct = default, ILabHost? near = null)
    {
        var window = limit ?? Timeouts.Default.Assert;
        var seconds = Math.Max(1, (int)Math.Ceiling(window.TotalSeconds));
        var command = $"timeout {seconds} tcpdump -l -n -c {count} -i any {LocalProcess.Quote(filter)}";
        // near: the receiving host; real hosts capture what reaches it (no machine of theirs sees the whole wire)
        var capture = environment.ExecOnUnderlayAsync(command, window + TimeSpan.FromSeconds(10), ct, near);
        await Eventually.UntilAsync($"tcpdump on the underlay sees {count} packet(s) of '{filter}' while the traffic runs",
            async c =>
            {
                if (!capture.IsCompleted) await traffic(c).ConfigureAwait(false);
                return capture.IsCompleted;
            },
            done => done, window + TimeSpan.FromSeconds(10), TimeSpan.Zero, done => done ? "capture ended" : "capturing", ct, evidence).ConfigureAwait(false);

        var result = await capture.ConfigureAwait(false);
        evidence.Record(near is null || result.Where.StartsWith("underlay", StringComparison.Ordinal) ? result with { Where = "underlay" } : result);
        return new CaptureResult(filter, CapturedPacket.ParseAll(result.Stdout), result);
    }
}
