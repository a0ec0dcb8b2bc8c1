using System.Diagnostics;

namespace LabSpecs.Core;

/// <summary>How a wait converged: shown in the report so a reader sees more than "it passed".</summary>
public sealed record WaitOutcome<T>(string Description, T Value, int Attempts, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Description}: satisfied after {Attempts} attempt(s) in {Elapsed.TotalSeconds:0.00} s";
}

/// <summary>
/// The one waiting utility: polls a probe until a condition holds or the timeout passes.
/// On timeout it reports the description, the number of attempts, the elapsed time and the last value or error seen.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<WaitOutcome<T>> UntilAsync<T>(
        string description,
        Func<CancellationToken, Task<T>> probe,
        Func<T, bool> condition,
        TimeSpan timeout,
        TimeSpan? interval = null,
        Func<T, string>? describeValue = null,
        CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        var lastValue = "(no value yet)";
        Exception? lastError = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            attempts++;
            try
            {
                var value = await probe(ct).ConfigureAwait(false);
                if (condition(value))
                {
                    return new WaitOutcome<T>(description, value, attempts, clock.Elapsed);
                }

                lastValue = describeValue?.Invoke(value) ?? value?.ToString() ?? "(null)";
                lastError = null;
            }
            catch (Exception e) when (e is not StopWaitingException && (e is not OperationCanceledException || !ct.IsCancellationRequested))
            {
                lastError = e;
                lastValue = $"error: {e.Message}";
            }

            if (clock.Elapsed >= timeout)
            {
                throw new WaitTimeoutException(
                    $"Timed out after {clock.Elapsed.TotalSeconds:0.0} s ({attempts} attempt(s)) waiting for: {description}\n" +
                    $"  last seen:\n{CommandFailedException.Indent(lastValue)}",
                    lastError);
            }

            await Task.Delay(interval ?? DefaultInterval, ct).ConfigureAwait(false);
        }
    }
}
