using LabSpecs.Core;

namespace LabSpecs.Environments;

/// <summary>
/// What a scenario left on its environment instead of undoing it: by whom, in a few words, and how to undo it after all
/// (recording what it does in the evidence of the scenario that asks).
/// </summary>
public sealed record EnvironmentChange(string Scenario, string Summary, Func<IEvidenceSink, Task> Undo);

/// <summary>
/// A feature's hold on an environment of its pool, from <see cref="EnvironmentPool.LeaseAsync"/> to <see cref="ReleaseAsync"/>:
/// get (<see cref="Environment"/>), mark changed (a scenario's costly change is kept, the environment is replaced before the
/// next scenario), replace, taint (not to be reused), release. Its state is here, not in flags of a context bag.
/// </summary>
public sealed class EnvironmentLease(EnvironmentPool pool, ILabEnvironment environment, IDisposable? turn)
{
    private int _released;

    /// <summary>The environment the feature runs on now (a replacement changes it).</summary>
    public ILabEnvironment Environment { get; private set; } = environment;

    /// <summary>The change the last scenario kept (not undone); null when the environment is as the pool handed it out.</summary>
    public EnvironmentChange? Change { get; private set; }

    /// <summary>Why the environment is not to be reused (a cleanup or reset failed, kept for debugging); null when it may be.</summary>
    public string? Taint { get; private set; }

    /// <summary>Kept for debugging after a failed scenario: neither undone nor reset until the feature ends.</summary>
    public bool Kept { get; private set; }

    /// <summary>
    /// A scenario made a change that a replacement will undo (a swarm, a cluster store, engine settings): with the pool's
    /// spares policy a replacement starts being made now, while the scenario runs, when <paramref name="aLaterScenarioMayUseIt"/>.
    /// Returns whether one is there or being made.
    /// </summary>
    public bool ExpectReplacement(bool aLaterScenarioMayUseIt) =>
        aLaterScenarioMayUseIt && Environment.Replaceable && pool.PrepareSpare(Environment);

    /// <summary>The scenario's change is kept on the environment: it is replaced before the next scenario, or removed after the feature.</summary>
    public void MarkChanged(EnvironmentChange change)
    {
        if (!Environment.Replaceable) throw new InvalidOperationException($"environment {Environment.Id} cannot be replaced: undo its changes instead");
        Change = change;
    }

    /// <summary>The kept change, taken (the caller undoes it, e.g. when no replacement can be had).</summary>
    public EnvironmentChange? TakeChange()
    {
        var change = Change;
        Change = null;
        return change;
    }

    public void MarkTainted(string why) => Taint ??= why;

    public void Keep(string why)
    {
        Kept = true;
        MarkTainted(why);
    }

    /// <summary>
    /// A clean environment of the topology in place of the changed one (a spare when one is ready; <paramref name="nextSpare"/>
    /// starts the next at once); the changed one is removed in the background. On failure the lease still holds the changed one.
    /// </summary>
    public async Task<ILabEnvironment> ReplaceAsync(bool nextSpare, IEvidenceSink? progress = null, CancellationToken ct = default)
    {
        var old = Environment;
        Environment = await pool.ReplaceAsync(old, nextSpare && pool.Policies.Spares, progress, ct).ConfigureAwait(false);
        Change = null;
        return Environment;
    }

    /// <summary>
    /// Gives the environment back: reset and kept for the next feature; removed (in the background) when it holds a kept
    /// change nothing follows on; removed when tainted. Returns what happened, in words.
    /// </summary>
    public async Task<string> ReleaseAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _released, 1) == 1) return "already released";
        using var _ = turn;
        if (Taint is not null)
        {
            await pool.RemoveAsync(Environment).ConfigureAwait(false);
            return $"removed environment {Environment} instead of reusing it ({Taint.Split('\n')[0]})";
        }

        if (Change is { } change)
        {
            pool.RemoveInBackground(Environment);
            return $"removing environment {Environment} in the background instead of undoing {change.Summary}";
        }

        await pool.ReleaseAsync(Environment, ct).ConfigureAwait(false);
        return $"environment {Environment} reset and kept for the next feature";
    }
}
