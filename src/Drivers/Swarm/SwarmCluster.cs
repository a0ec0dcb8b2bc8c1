using System.Text.RegularExpressions;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Swarm;

/// <summary>
/// A swarm-mode cluster made with the docker CLI on the hosts, as in the handbook: <c>docker swarm init --advertise-addr</c>
/// on the manager, <c>docker swarm join --token … MANAGER:2377</c> on each worker. Swarm state is undone by
/// <see cref="LeaveAsync"/>, registered by <see cref="InitAsync"/> (and by the environment's per-scenario reset).
/// </summary>
public sealed class SwarmCluster(ILabHost manager, IEvidenceSink evidence, ICleanupRegistry cleanups)
{
    private HostShell On(ILabHost h) => new(h, evidence);

    /// <summary>What <c>docker swarm join</c> prints on a worker, as in the handbook's transcript.</summary>
    public const string JoinedAsWorker = "This node joined a swarm as a worker.";

    private readonly List<ILabHost> _workers = [];

    public ILabHost Manager => manager;

    public IReadOnlyList<ILabHost> Workers => _workers;

    public IEnumerable<ILabHost> Nodes => new[] { manager }.Concat(_workers);

    public ExecResult? InitOutput { get; private set; }

    /// <summary>The <c>docker swarm join --token SWMTKN-1-… ADDRESS:PORT</c> line <c>docker swarm init</c> printed for workers, or null.</summary>
    public string? PrintedJoinCommand =>
        InitOutput is { } init && Regex.Match(init.Stdout, @"docker swarm join --token SWMTKN-1-\S+ \S+:\d+") is { Success: true } m ? m.Value : null;

    public async Task InitAsync(CancellationToken ct = default)
    {
        cleanups.RegisterCleanup("leave the swarm", LeaveAsync, CleanupCost.Costly);
        InitOutput = await On(manager).MustAsync($"docker swarm init --advertise-addr {manager.Address}", Timeouts.Default.Apply, ct)
            .ConfigureAwait(false);
    }

    /// <summary>The join command <c>swarm init</c> printed for workers.</summary>
    public async Task<string> WorkerTokenAsync(CancellationToken ct = default) =>
        (await On(manager).MustAsync("docker swarm join-token -q worker", ct: ct).ConfigureAwait(false)).Stdout.Trim();

    public async Task JoinAsync(IReadOnlyList<ILabHost> workers, CancellationToken ct = default)
    {
        var token = await WorkerTokenAsync(ct).ConfigureAwait(false);
        foreach (var w in workers)
        {
            var joined = await On(w).MustAsync($"docker swarm join --token {token} {manager.Address}:2377", Timeouts.Default.Apply, ct).ConfigureAwait(false);
            _workers.Add(w);
            EnsureJoinedAsWorker(joined);
        }
    }

    /// <summary>Exit code 0 is not enough: the worker must say what the handbook's transcript shows.</summary>
    public static void EnsureJoinedAsWorker(ExecResult join)
    {
        if (!join.Stdout.Contains(JoinedAsWorker, StringComparison.Ordinal))
        {
            throw new LabSpecsException($"{join.Where} did not say \"{JoinedAsWorker}\":\n{join.ToTranscript()}");
        }
    }

    public async Task<IReadOnlyList<SwarmNode>> NodesAsync(CancellationToken ct = default) =>
        SwarmNode.ParseList((await On(manager).MustAsync("docker node ls", ct: ct).ConfigureAwait(false)).Stdout);

    /// <summary>Waits until <c>docker node ls</c> shows <paramref name="count"/> nodes, all Ready.</summary>
    public async Task<IReadOnlyList<SwarmNode>> WaitReadyAsync(int count, CancellationToken ct = default)
    {
        var outcome = await Eventually.UntilAsync($"{count} swarm nodes Ready",
            async c => (await On(manager).QuietAsync("docker node ls", ct: c).ConfigureAwait(false)).EnsureSuccess().Stdout,
            o => SwarmNode.ParseList(o) is var n && n.Count == count && n.All(x => x.IsReady),
            Timeouts.Default.Assert, TimeSpan.FromMilliseconds(250), o => o, ct, evidence).ConfigureAwait(false);
        return SwarmNode.ParseList(outcome.Value);
    }

    /// <summary>Workers leave first, then the manager; failures are ignored (a node may already have left).</summary>
    public async Task LeaveAsync(CancellationToken ct = default)
    {
        foreach (var w in _workers) await On(w).RunAsync("docker swarm leave --force", Timeouts.Default.Cleanup, ct).ConfigureAwait(false);
        await On(manager).RunAsync("docker swarm leave --force", Timeouts.Default.Cleanup, ct).ConfigureAwait(false);
    }
}
