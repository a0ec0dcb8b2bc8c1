using System.Text.Json;
using LabSpecs.Core;

namespace LabSpecs.Environments;

/// <summary>
/// What <see cref="EngineCleaner"/> removes from an engine. <see cref="Everything"/>: hosts that are the run's own (embedded
/// hosts, VMs of our own). <see cref="OfRun"/>/<see cref="OfDeadRuns"/>: only what carries <c>labspecs.run[=ID]</c>, minus
/// <see cref="KeptRuns"/> (-KeepOnFailure), on hosts that are somebody's (inventory hosts).
/// </summary>
public sealed record EngineCleaning
{
    /// <summary>The label filter (<c>labspecs.run</c> or <c>labspecs.run=ID</c>); null: everything.</summary>
    public string? Label { get; init; }

    /// <summary>Run ids whose things stay (their <c>labspecs.run</c> value), whatever <see cref="Label"/> says.</summary>
    public IReadOnlySet<string> KeptRuns { get; init; } = new HashSet<string>();

    /// <summary>Leave the swarm the engine is part of (force): when the run made it, or always on hosts of our own.</summary>
    public bool LeaveSwarm { get; init; }

    /// <summary>Remove <c>docker_gwbridge</c> when nothing uses it (dockerd made it for the run's overlay containers).</summary>
    public bool RemoveUnusedGwbridge { get; init; }

    /// <summary>A swarm, every container (with its anonymous volumes), every unused network, every volume.</summary>
    public static EngineCleaning Everything { get; } = new() { LeaveSwarm = true };

    /// <summary>What run <paramref name="id"/> labelled.</summary>
    public static EngineCleaning OfRun(string id) => new() { Label = LabLabels.RunFilter(id) };

    /// <summary>What any run labelled, except what the <paramref name="kept"/> runs made (taken only while holding the host's lock).</summary>
    public static EngineCleaning OfDeadRuns(IReadOnlySet<string> kept) => new() { Label = LabLabels.RunFilter(null), KeptRuns = kept };

    public bool Removes(IReadOnlyDictionary<string, string>? labels) =>
        Label is null || labels is null || !labels.TryGetValue(LabLabels.Run, out var run) || !KeptRuns.Contains(run);
}

/// <summary>What a clean removed (counts), and what the engine refused to remove (in use), with its words.</summary>
public sealed record EngineCleaned(int Services, int Containers, int Networks, int Volumes, bool LeftSwarm, bool RemovedGwbridge, IReadOnlyList<string> NotRemoved)
{
    public bool Nothing => Services + Containers + Networks + Volumes == 0 && !LeftSwarm && !RemovedGwbridge && NotRemoved.Count == 0;

    /// <summary>e.g. <c>containers: 2, networks: 1</c>; "" when nothing was there.</summary>
    public override string ToString() => string.Join(", ", new[]
    {
        Services > 0 ? $"services: {Services}" : null, Containers > 0 ? $"containers: {Containers}" : null,
        Networks > 0 ? $"networks: {Networks}" : null, Volumes > 0 ? $"volumes: {Volumes}" : null,
        LeftSwarm ? "left the swarm" : null, RemovedGwbridge ? "docker_gwbridge" : null,
        NotRemoved.Count > 0 ? $"not removed: {string.Join("; ", NotRemoved)}" : null,
    }.OfType<string>());
}

/// <summary>An engine as a clean finds it: its version (as <c>docker version</c> shows it), swarm state and whether docker_gwbridge is there.</summary>
public sealed record EngineState(string Version, string SwarmState, bool HasGwbridge)
{
    /// <summary>Part of a swarm, or on its way in (<c>docker swarm leave</c> would have something to leave).</summary>
    public bool InSwarm => SwarmState is "active" or "pending" or "locked";
}

/// <summary>
/// The one engine cleaner of every provider's reset and sweep, through the Docker API over <see cref="ILabHost.DialDockerAsync"/>
/// (<see cref="EngineApi"/>; over ssh too when that is the channel). In order: services (on a swarm manager), the swarm
/// (when <see cref="EngineCleaning.LeaveSwarm"/>), containers with their anonymous volumes, networks, volumes, an unused
/// docker_gwbridge (when asked). Filtered by <see cref="EngineCleaning"/>; as
/// <c>docker service rm; docker swarm leave --force; docker rm -f -v; docker network rm (or prune); docker volume rm -f</c>
/// without starting the docker CLI for each (a CLI start per host per scenario adds up to hundreds of processes in a lab run).
/// </summary>
public static class EngineCleaner
{
    public static async Task<EngineCleaned> CleanAsync(ILabHost host, EngineCleaning what, TimeSpan timeout, CancellationToken ct = default)
    {
        using var api = new EngineApi(host);
        return await api.WithinAsync("cleaning its docker engine", timeout, c => CleanAsync(api, what, c), ct).ConfigureAwait(false);
    }

    /// <summary>What a later clean needs to know of the engine before the run changes it (<see cref="EngineCleaning.LeaveSwarm"/>, <see cref="EngineCleaning.RemoveUnusedGwbridge"/>).</summary>
    public static async Task<EngineState> StateAsync(ILabHost host, TimeSpan timeout, CancellationToken ct = default)
    {
        using var api = new EngineApi(host);
        return await api.WithinAsync("reading its docker engine's state", timeout, async c =>
        {
            var version = api.VersionAsync(c);
            var swarm = SwarmAsync(api, c);
            using var gwbridge = await api.JsonAsync(HttpMethod.Get, "networks/docker_gwbridge", c).ConfigureAwait(false);
            return new EngineState(await version.ConfigureAwait(false), (await swarm.ConfigureAwait(false)).State, gwbridge is not null);
        }, ct).ConfigureAwait(false);
    }

    /// <summary><c>GET /info</c>'s swarm: its LocalNodeState ("" when none) and whether this node is a manager.</summary>
    private static async Task<(string State, bool Manager)> SwarmAsync(EngineApi api, CancellationToken ct)
    {
        using var info = await api.GetJsonAsync("info", ct).ConfigureAwait(false);
        if (!info.RootElement.TryGetProperty("Swarm", out var swarm) || swarm.ValueKind != JsonValueKind.Object) return ("", false);
        var state = swarm.TryGetProperty("LocalNodeState", out var st) ? st.GetString() ?? "" : "";
        return (state, swarm.TryGetProperty("ControlAvailable", out var ca) && ca.ValueKind == JsonValueKind.True);
    }

    private static async Task<EngineCleaned> CleanAsync(EngineApi api, EngineCleaning what, CancellationToken ct)
    {
        var refused = new List<string>();
        var (state, manager) = await SwarmAsync(api, ct).ConfigureAwait(false);
        // services first, while this node can still remove them (a swarm left by a worker or kept by its owner stays)
        var services = what.Label is not null && manager
            ? await RemoveAsync(api, "services" + EngineApi.LabelFilter(what.Label), e => e.GetProperty("Spec"), "ID", "services/", what, refused, ct).ConfigureAwait(false)
            : 0;
        var leave = what.LeaveSwarm && state is not ("inactive" or "");
        if (leave)
        {
            // as "docker swarm leave --force || true": a node that cannot leave is still cleaned below
            if (await api.SendAsync(HttpMethod.Post, "swarm/leave?force=true", ct).ConfigureAwait(false) is { } no) refused.Add($"swarm leave: {no}");
        }

        var containers = await RemoveAsync(api, "containers/json?all=1" + EngineApi.LabelFilter(what.Label, '&'), e => e, "Id", "containers/", what, refused, ct,
            query: "?force=1&v=1", inProgressIsDone: true).ConfigureAwait(false);
        int networks;
        if (what.Label is null)
        {
            using var pruned = await api.JsonAsync(HttpMethod.Post, "networks/prune", ct).ConfigureAwait(false);
            networks = pruned is not null && pruned.RootElement.TryGetProperty("NetworksDeleted", out var d) && d.ValueKind == JsonValueKind.Array ? d.GetArrayLength() : 0;
        }
        else
        {
            networks = await RemoveAsync(api, "networks" + EngineApi.LabelFilter(what.Label), e => e, "Id", "networks/", what, refused, ct).ConfigureAwait(false);
        }

        var volumes = await RemoveAsync(api, "volumes" + EngineApi.LabelFilter(what.Label), e => e, "Name", "volumes/", what, refused, ct,
            list: "Volumes", query: "?force=1").ConfigureAwait(false);
        var gwbridge = what.RemoveUnusedGwbridge && await RemoveUnusedGwbridgeAsync(api, refused, ct).ConfigureAwait(false);
        return new EngineCleaned(services, containers, networks, volumes, leave, gwbridge, refused);
    }

    /// <summary>Lists <paramref name="listPath"/>, removes each item <paramref name="what"/> removes, in parallel; returns how many went.</summary>
    private static async Task<int> RemoveAsync(EngineApi api, string listPath, Func<JsonElement, JsonElement> labelsOf, string idField, string removePath,
        EngineCleaning what, List<string> refused, CancellationToken ct, string? list = null, string query = "", bool inProgressIsDone = false)
    {
        List<string> ids;
        using (var doc = await api.GetJsonAsync(listPath, ct).ConfigureAwait(false))
        {
            var items = list is null ? doc.RootElement : doc.RootElement.TryGetProperty(list, out var l) ? l : default;
            ids = items.ValueKind != JsonValueKind.Array ? [] : items.EnumerateArray()
                .Where(e => what.Removes(Labels(labelsOf(e))))
                .Select(e => e.GetProperty(idField).GetString()!).ToList();
        }

        var answers = await Task.WhenAll(ids.Select(id => api.SendAsync(HttpMethod.Delete, removePath + Uri.EscapeDataString(id) + query, ct))).ConfigureAwait(false);
        var no = answers.Where(a => a is not null && !(inProgressIsDone && a.Contains("already in progress", StringComparison.Ordinal))).ToList();
        lock (refused) refused.AddRange(no.Select(a => $"{removePath.TrimEnd('/')}: {a}"));
        return ids.Count - no.Count;
    }

    private static async Task<bool> RemoveUnusedGwbridgeAsync(EngineApi api, List<string> refused, CancellationToken ct)
    {
        using (var bridge = await api.JsonAsync(HttpMethod.Get, "networks/docker_gwbridge", ct).ConfigureAwait(false))
        {
            if (bridge is null) return false;
            if (bridge.RootElement.TryGetProperty("Containers", out var c) && c.ValueKind == JsonValueKind.Object && c.EnumerateObject().Any()) return false;
        }

        if (await api.SendAsync(HttpMethod.Delete, "networks/docker_gwbridge", ct).ConfigureAwait(false) is not { } no) return true;
        refused.Add($"networks: {no}");
        return false;
    }

    private static IReadOnlyDictionary<string, string>? Labels(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object
            ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : null;
}
