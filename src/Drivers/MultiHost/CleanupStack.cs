using LabSpecs.Core;

namespace LabSpecs.Drivers.MultiHost;

/// <summary>
/// Undo actions registered as resources are made, run in reverse order at the end of the scenario (Chainsaw's habit).
/// Every action runs even if an earlier one failed; failures are recorded as diagnostics and then rethrown together.
/// </summary>
public sealed class CleanupStack(IEvidenceSink evidence)
{
    private readonly Stack<(string What, Func<CancellationToken, Task> Undo)> _actions = new();

    public void Push(string what, Func<CancellationToken, Task> undo)
    {
        lock (_actions) { _actions.Push((what, undo)); }
    }

    public async Task RunAsync(CancellationToken ct = default)
    {
        var errors = new List<Exception>();
        while (true)
        {
            (string What, Func<CancellationToken, Task> Undo) next;
            lock (_actions)
            {
                if (_actions.Count == 0) break;
                next = _actions.Pop();
            }

            try
            {
                await next.Undo(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                evidence.Record(new EvidenceItem($"cleanup failed: {next.What}", e.Message, IsDiagnostic: true));
                errors.Add(e);
            }
        }

        if (errors.Count > 0) throw new AggregateException("Cleanup failed", errors);
    }
}
