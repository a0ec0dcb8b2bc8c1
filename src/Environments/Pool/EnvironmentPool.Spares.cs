using LabSpecs.Core;

namespace LabSpecs.Environments;

/// <summary>
/// Replacing an environment instead of undoing a scenario's costly changes (see <see cref="ILabEnvironment.Replaceable"/>).
/// With the <see cref="PoolPolicies.Spares"/> policy, a spare of the topology is made in the background as soon as a lease
/// expects a replacement (<see cref="EnvironmentLease.ExpectReplacement"/>, while the scenario that made the change still runs,
/// and only if a later scenario may use it), so the replacement before the next scenario
/// is ready at once instead of costing a whole environment start-up; the replaced environment is removed in the background
/// too. Each spare costs a whole start-up in CPU, which the other worker pays for on a busy
/// machine: none is made that no scenario can use.
/// </summary>
public sealed partial class EnvironmentPool
{
    private readonly Dictionary<string, Task<ILabEnvironment>> Spares = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<ILabEnvironment>> Ahead = new(StringComparer.Ordinal);
    private readonly List<Task> Removals = [];

    /// <summary>
    /// A clean environment of <paramref name="env"/>'s topology (a spare if one is ready); <paramref name="env"/> is removed.
    /// With <paramref name="nextSpare"/>, the next spare is started at once: it then has the whole next scenario to get ready
    /// (one started when that scenario makes its costly change, a few seconds later, is often not ready at its end).
    /// </summary>
    public async Task<ILabEnvironment> ReplaceAsync(ILabEnvironment env, bool nextSpare = false, IEvidenceSink? progress = null, CancellationToken ct = default)
    {
        if (!env.Replaceable) throw new LabSpecsException($"Environment {env.Id} cannot be replaced (its provider's hosts are not disposable); undo its changes instead.");
        var topology = env.Topology.Name;
        Task<ILabEnvironment>? spare;
        lock (Gate)
        {
            if (Spares.Remove(topology, out spare) && spare.IsFaulted) spare = null;
        }

        var fresh = spare is not null
            ? await spare.WaitAsync(ct).ConfigureAwait(false)
            : await GetAsync(topology, progress, ct).ConfigureAwait(false);
        RemoveInBackground(env);
        if (nextSpare) PrepareSpare(fresh);
        return fresh;
    }

    /// <summary>Removes <paramref name="env"/> while the run goes on (<see cref="SettleAsync"/> waits for it).</summary>
    public void RemoveInBackground(ILabEnvironment env)
    {
        lock (Gate) { Removals.Add(RemoveAsync(env)); }
    }

    /// <summary>
    /// Starts making a spare of <paramref name="env"/>'s topology in the background (policy <see cref="PoolPolicies.Spares"/>),
    /// unless one is there or being made. Returns whether one is there or being made.
    /// </summary>
    public bool PrepareSpare(ILabEnvironment env)
    {
        if (!env.Replaceable || !Policies.Spares) return false;
        var topology = env.Topology.Name;
        lock (Gate)
        {
            if (Spares.TryGetValue(topology, out var spare) && !spare.IsFaulted) return true;
            Spares[topology] = Task.Run(() => GetAsync(topology, NullEvidenceSink.Instance, takeSpare: false, CancellationToken.None));
            return true;
        }
    }

    /// <summary>
    /// Starts making an environment of <paramref name="topology"/> in the background for a feature that will start soon,
    /// unless one is idle or being made, or the topology's hosts are not made by this run (real hosts), or its features take
    /// turns (the next one gets the environment the current one gives back), or the <see cref="PoolPolicies.LookAhead"/> policy
    /// is off. Returns whether it started one.
    /// </summary>
    public bool PrepareAhead(string topology)
    {
        if (!Policies.LookAhead) return false;
        var spec = seams.Resolve(topology);
        if (spec.Hosts.Count == 0 || spec.Inventory is not null || spec.OneAtATime || spec.Provider != EnvironmentFile.DefaultProvider) return false;
        lock (Gate)
        {
            if (Idle.TryGetValue(topology, out var idle) && idle.Count > 0) return false;
            if (Spares.TryGetValue(topology, out var spare) && spare.IsCompletedSuccessfully) return false;
            if (Ahead.TryGetValue(topology, out var ahead) && !ahead.IsFaulted) return false;
            // a new one, not through GetAsync: that would find this very task in Ahead and wait for itself
            Ahead[topology] = Task.Run(async () =>
            {
                await SweepOnceAsync(CancellationToken.None).ConfigureAwait(false);
                return await CreateNewAsync(spec, null, CancellationToken.None).ConfigureAwait(false);
            });
            return true;
        }
    }

    /// <summary>Waits for spares being made and replaced environments being removed (before <see cref="DisposeAllAsync"/>).</summary>
    public async Task SettleAsync()
    {
        Task[] pending;
        lock (Gate)
        {
            pending = [.. Spares.Values, .. Ahead.Values, .. Removals];
            Spares.Clear();
            Ahead.Clear();
            Removals.Clear();
        }

        // A spare that failed to start needs no cleanup (its creation already removed what it made); others are in All.
        try { await Task.WhenAll(pending).ConfigureAwait(false); }
        catch (Exception e) { Console.Error.WriteLine($"labspecs: a spare environment or a removal failed: {e.Message}"); }
    }

    private readonly Dictionary<string, SemaphoreSlim> Turns = new(StringComparer.Ordinal);

    /// <summary>
    /// For a <c>one_at_a_time</c> topology: waits until no other feature of this run uses one of its environments, and returns
    /// the turn (dispose it after the environment went back); <paramref name="waiting"/> hears when the wait begins. Other
    /// topologies: null at once. Spares and replacements belong to the feature that holds the turn.
    /// </summary>
    public async Task<IDisposable?> TakeTurnAsync(string topology, Action? waiting = null, CancellationToken ct = default)
    {
        if (!seams.Resolve(topology).OneAtATime) return null;
        SemaphoreSlim turn;
        lock (Gate) { turn = Turns.TryGetValue(topology, out var t) ? t : Turns[topology] = new SemaphoreSlim(1, 1); }
        if (!await turn.WaitAsync(0, ct).ConfigureAwait(false))
        {
            waiting?.Invoke();
            await turn.WaitAsync(ct).ConfigureAwait(false);
        }

        return new Turn(turn);
    }

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) turn.Release();
        }
    }
}
