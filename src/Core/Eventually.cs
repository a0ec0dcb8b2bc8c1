using System.Diagnostics;

namespace LabSpecs.Core;

/// <summary>One probe of a wait: when it ran (from the start of the wait) and what it saw.</summary>
public sealed record WaitAttempt(TimeSpan At, string Value);

/// <summary>
/// How a wait went: shown in the report so a reader sees more than "it passed" — how many attempts, how long, and what
/// each attempt saw (<see cref="Seen"/> keeps the first and the last <see cref="Eventually.KeptAttempts"/>).
/// </summary>
public record WaitOutcome(string Description, bool Converged, int Attempts, TimeSpan Elapsed, TimeSpan Timeout, IReadOnlyList<WaitAttempt> Seen)
{
    public override string ToString() => Converged
        ? $"{Description}: converged after {Attempts} attempt(s) in {Elapsed.TotalSeconds:0.00} s"
        : $"{Description}: not converged after {Attempts} attempt(s) in {Elapsed.TotalSeconds:0.00} s (timeout {Timeout.TotalSeconds:0.#} s)";
}

/// <summary>A wait that converged, with the value that satisfied it.</summary>
public sealed record WaitOutcome<T>(string Description, T Value, int Attempts, TimeSpan Elapsed, TimeSpan Timeout, IReadOnlyList<WaitAttempt> Seen)
    : WaitOutcome(Description, true, Attempts, Elapsed, Timeout, Seen)
{
    public override string ToString() => base.ToString();
}

/// <summary>
/// The one waiting utility: polls a probe until a condition holds or the timeout passes.
/// On timeout it reports the description, the number of attempts, the elapsed time and the last value or error seen.
/// Given an <see cref="IEvidenceSink"/>, it records its own outcome (converged or not) as evidence.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How many attempts a wait keeps from its start and from its end (the middle is counted, not kept).</summary>
    public const int KeptAttempts = 20;

    private const int MaxValueLength = 400;

    public static async Task<WaitOutcome<T>> UntilAsync<T>(
        string description,
        Func<CancellationToken, Task<T>> probe,
        Func<T, bool> condition,
        TimeSpan timeout,
        TimeSpan? interval = null,
        Func<T, string>? describeValue = null,
        CancellationToken ct = default,
        IEvidenceSink? evidence = null)
    {
        var clock = Stopwatch.StartNew();
        var seen = new AttemptLog();
        var lastValue = "(no value yet)";
        Exception? lastError = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var at = clock.Elapsed;
            try
            {
                var value = await probe(ct).ConfigureAwait(false);
                lastValue = describeValue?.Invoke(value) ?? value?.ToString() ?? "(null)";
                lastError = null;
                if (condition(value))
                {
                    seen.Add(new WaitAttempt(at, lastValue));
                    var outcome = new WaitOutcome<T>(description, value, seen.Count, clock.Elapsed, timeout, seen.Kept());
                    evidence?.Record(outcome);
                    return outcome;
                }
            }
            catch (Exception e) when (e is not StopWaitingException && (e is not OperationCanceledException || !ct.IsCancellationRequested))
            {
                lastError = e;
                lastValue = $"error: {e.Message}";
            }

            seen.Add(new WaitAttempt(at, lastValue));
            if (clock.Elapsed >= timeout)
            {
                evidence?.Record(new WaitOutcome(description, false, seen.Count, clock.Elapsed, timeout, seen.Kept()));
                throw new WaitTimeoutException(
                    $"Timed out after {clock.Elapsed.TotalSeconds:0.0} s ({seen.Count} attempt(s)) waiting for: {description}\n" +
                    $"  last seen:\n{CommandFailedException.Indent(lastValue)}",
                    lastError);
            }

            await Task.Delay(interval ?? DefaultInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The first and last <see cref="KeptAttempts"/> attempts, values cut to a readable length.</summary>
    private sealed class AttemptLog
    {
        private readonly List<WaitAttempt> _first = [];
        private readonly Queue<WaitAttempt> _last = new();

        public int Count { get; private set; }

        public void Add(WaitAttempt attempt)
        {
            Count++;
            attempt = attempt.Value.Length <= MaxValueLength ? attempt : attempt with { Value = attempt.Value[..MaxValueLength] + "…" };
            if (_first.Count < KeptAttempts) { _first.Add(attempt); return; }
            _last.Enqueue(attempt);
            if (_last.Count > KeptAttempts) _last.Dequeue();
        }

        public IReadOnlyList<WaitAttempt> Kept() => [.. _first, .. _last];
    }
}
