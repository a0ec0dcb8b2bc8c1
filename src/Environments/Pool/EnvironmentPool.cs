using LabSpecs.Core;

namespace LabSpecs.Environments;

/// <summary>What a pool needs from outside: topologies, providers, the sweep of killed runs' leftovers, and what must be in
/// place before the first environment is made (the reaper, exit handlers). Unit tests give a fake provider here.</summary>
public sealed record PoolSeams(Func<string, TopologySpec> Resolve, Func<TopologySpec, ILabEnvironmentProvider> Provider,
    Func<CancellationToken, Task> Sweep, Action BeforeFirstEnvironment);

/// <summary>
/// The pool's policies: <see cref="Spares"/> (a replacement made in the background as soon as a lease expects one; on,
/// <c>LABSPECS_SPARES=0</c> turns it off) and <see cref="LookAhead"/> (the next feature's environment made while the current
/// ones run; off, <c>LABSPECS_LOOKAHEAD=1</c> turns it on: in alternating runs it did not pay, see src/Environments/README.md).
/// </summary>
public sealed record PoolPolicies(bool Spares = true, bool LookAhead = false)
{
    public static PoolPolicies FromEnvironment() =>
        new(Environment.GetEnvironmentVariable("LABSPECS_SPARES") != "0", Environment.GetEnvironmentVariable("LABSPECS_LOOKAHEAD") == "1");
}

/// <summary>
/// A pool of environments, an instance (the run's is <see cref="LabEnvironments.Pool"/>). <see cref="LeaseAsync"/> hands out
/// an environment of a topology for the caller's exclusive use (an idle one, reset, or a new one) as an
/// <see cref="EnvironmentLease"/>; <see cref="ReleaseAsync"/> resets it and keeps it for the next feature;
/// <see cref="DisposeAllAsync"/> removes everything at the end of the run. Leftovers of killed runs are swept on first use.
/// </summary>
public sealed partial class EnvironmentPool(PoolSeams seams, PoolPolicies policies)
{
    private readonly Lock Gate = new();
    private readonly List<ILabEnvironment> All = [];
    private readonly Dictionary<string, Stack<ILabEnvironment>> Idle = new(StringComparer.Ordinal);
    private Task? _swept;

    public PoolPolicies Policies { get; } = policies;

    /// <summary>The topology as this pool makes it (<see cref="PoolSeams.Resolve"/>).</summary>
    public TopologySpec Resolve(string topology) => seams.Resolve(topology);

    /// <summary>Environments this pool made that are not removed yet (in use, idle, spares, made ahead).</summary>
    public IReadOnlyList<ILabEnvironment> Environments
    {
        get { lock (Gate) return All.ToList(); }
    }

    /// <summary>
    /// A lease on an environment of <paramref name="topology"/> for the caller alone, taken in turn where the topology's
    /// features take turns (<paramref name="waiting"/> hears when a wait begins).
    /// </summary>
    public async Task<EnvironmentLease> LeaseAsync(string topology, IEvidenceSink? progress = null, Action? waiting = null, CancellationToken ct = default)
    {
        var turn = await TakeTurnAsync(topology, waiting, ct).ConfigureAwait(false);
        try
        {
            return new EnvironmentLease(this, await GetAsync(topology, progress, ct).ConfigureAwait(false), turn);
        }
        catch
        {
            turn?.Dispose();
            throw;
        }
    }

    /// <summary>An environment of <paramref name="topology"/> for the caller alone (create on demand, ready when returned).</summary>
    public Task<ILabEnvironment> GetAsync(string topology, IEvidenceSink? progress = null, CancellationToken ct = default) =>
        GetAsync(topology, progress, takeSpare: true, ct);

    /// <summary>
    /// <paramref name="takeSpare"/>: false for the task that makes a spare itself (it would find itself among the spares and
    /// wait for itself).
    /// </summary>
    private async Task<ILabEnvironment> GetAsync(string topology, IEvidenceSink? progress, bool takeSpare, CancellationToken ct)
    {
        var spec = seams.Resolve(topology);
        if (seams.Provider(spec).CannotMake(spec) is { } missing) throw missing;
        await SweepOnceAsync(ct).ConfigureAwait(false);
        if (spec.Inventory is not null)
        {
            // One run's hold on real hosts at a time: a second feature of the topology waits for the first to release it,
            // and an idle hold of another topology lets its hosts go first (it may share them).
            await ExclusiveGate(topology).WaitAsync(ct).ConfigureAwait(false);
            lock (Gate) { Holding.Add(topology); }
            await ReleaseIdleHoldsExceptAsync(topology).ConfigureAwait(false);
        }

        ILabEnvironment? reused = null;
        Task<ILabEnvironment>? underway = null;
        lock (Gate)
        {
            if (Idle.TryGetValue(topology, out var stack) && stack.Count > 0) reused = stack.Pop();
            // a spare made for a replacement (LabEnvironments.Replace.cs) that is ready serves the next feature as well
            else if (takeSpare && Spares.TryGetValue(topology, out var spare) && spare.IsCompletedSuccessfully && Spares.Remove(topology)) reused = spare.Result;
            // one made ahead for this feature (PrepareAhead) is further along than a new one would be, even if not ready yet
            else if (Ahead.Remove(topology, out var ahead) && !ahead.IsFaulted && !ahead.IsCanceled) underway = ahead;
            // and so is a spare still being made, where features take turns: the feature it was made for is done
            else if (takeSpare && spec.OneAtATime && Spares.Remove(topology, out var making) && !making.IsFaulted && !making.IsCanceled) underway = making;
        }

        if (reused is not null) return reused;
        if (underway is not null)
        {
            try { return await underway.WaitAsync(ct).ConfigureAwait(false); }
            catch (Exception) when (!ct.IsCancellationRequested) { } // the spare failed: make one here, with this caller's progress
        }

        try
        {
            return await CreateNewAsync(spec, progress, ct).ConfigureAwait(false);
        }
        catch when (spec.Inventory is not null)
        {
            LetGo(topology);
            throw;
        }
    }

    /// <summary>A new environment from the provider, never one of the pool (what <see cref="PrepareAhead"/> makes).</summary>
    private async Task<ILabEnvironment> CreateNewAsync(TopologySpec spec, IEvidenceSink? progress, CancellationToken ct)
    {
        // Reaper and signal handlers come before the provider makes its first namespace: a run killed while an environment
        // is still being created leaves nothing either (the ledger the provider writes first names the owner).
        seams.BeforeFirstEnvironment();
        var env = await seams.Provider(spec).CreateAsync(spec, progress ?? NullEvidenceSink.Instance, ct).ConfigureAwait(false);
        lock (Gate) { All.Add(env); }
        return env;
    }

    private readonly Dictionary<string, SemaphoreSlim> Exclusive = new(StringComparer.Ordinal);
    private readonly HashSet<string> Holding = new(StringComparer.Ordinal);

    private SemaphoreSlim ExclusiveGate(string topology)
    {
        lock (Gate)
        {
            return Exclusive.TryGetValue(topology, out var g) ? g : Exclusive[topology] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>The caller is done with its hold on the topology's real hosts.</summary>
    private void LetGo(string topology)
    {
        lock (Gate)
        {
            if (!Holding.Remove(topology)) return;
        }

        ExclusiveGate(topology).Release();
    }

    private async Task ReleaseIdleHoldsExceptAsync(string topology)
    {
        List<ILabEnvironment> idle;
        lock (Gate)
        {
            idle = Idle.Where(kv => kv.Key != topology).SelectMany(kv => kv.Value).Where(e => e.Topology.Inventory is not null).ToList();
            foreach (var e in idle) Idle[e.Topology.Name] = new Stack<ILabEnvironment>(Idle[e.Topology.Name].Where(x => x != e).Reverse());
        }

        foreach (var e in idle) await RemoveAsync(e).ConfigureAwait(false);
    }

    /// <summary>
    /// The first of <paramref name="needed"/> that no environment of the topology can have, as the exception that skips what
    /// needs it, when the provider can tell without making an environment (so nothing is built only to be skipped); else null.
    /// </summary>
    public async Task<CapabilityMissingException?> MissingBeforehandAsync(string topology, IEnumerable<string> needed, CancellationToken ct = default)
    {
        var spec = seams.Resolve(topology);
        if (seams.Provider(spec).CannotMake(spec) is { } cannot) return cannot;
        if (await seams.Provider(spec).CapabilitiesBeforehandAsync(spec, ct).ConfigureAwait(false) is not { } capabilities) return null;
        var missing = needed.FirstOrDefault(c => !capabilities.Has(c) && capabilities.Missing.ContainsKey(c));
        return missing is null ? null : new CapabilityMissingException(missing, capabilities.WhyMissing(missing));
    }

    /// <summary>Resets the environment (containers, networks, swarm, stopped hosts, cut links) and keeps it for the next caller.</summary>
    public async Task ReleaseAsync(ILabEnvironment env, CancellationToken ct = default)
    {
        try
        {
            await env.ResetAsync(ct).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // An environment that cannot be reset is not handed out again.
            await RemoveAsync(env).ConfigureAwait(false);
            throw;
        }

        lock (Gate)
        {
            if (!Idle.TryGetValue(env.Topology.Name, out var stack)) Idle[env.Topology.Name] = stack = new Stack<ILabEnvironment>();
            stack.Push(env);
        }

        LetGo(env.Topology.Name);
    }

    public async Task RemoveAsync(ILabEnvironment env)
    {
        lock (Gate) { All.Remove(env); }
        try { await env.DisposeAsync().ConfigureAwait(false); }
        finally { LetGo(env.Topology.Name); }
    }

    public async Task DisposeAllAsync()
    {
        // A second caller (signal handler, process exit) waits until the first has finished, so nobody exits mid-teardown.
        await Disposing.WaitAsync().ConfigureAwait(false);
        try
        {
            ILabEnvironment[] all;
            lock (Gate)
            {
                all = All.ToArray();
                All.Clear();
                Idle.Clear();
            }

            var errors = new List<Exception>();
            foreach (var env in all.Reverse())
            {
                try { await env.DisposeAsync().ConfigureAwait(false); }
                catch (Exception e) { errors.Add(e); }
            }

            if (errors.Count > 0) throw new AggregateException("Some environments could not be removed", errors);
        }
        finally
        {
            Disposing.Release();
        }
    }

    private readonly SemaphoreSlim Disposing = new(1, 1);

    private Task SweepOnceAsync(CancellationToken ct)
    {
        lock (Gate)
        {
            return _swept ??= seams.Sweep(ct);
        }
    }
}
