using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Etcd;

/// <summary>
/// An etcd 3.4 cluster with one member per lab host, started the way the handbook does (peer port 2380, client port 2379,
/// token "etcd-cluster"). The v2 API is enabled: Docker's cluster store (libkv) and flannel speak only v2 — without it the
/// engine fails with "client: response is invalid json". Starting registers its stop (every member, data removed).
/// </summary>
public sealed class EtcdCluster(IReadOnlyList<ILabHost> members, IEvidenceSink evidence, ICleanupRegistry cleanups)
{
    private HostShell On(ILabHost h) => new(h, evidence);

    public const string WorkDir = "/var/lib/labspecs-etcd";

    public IReadOnlyList<ILabHost> Members => members;

    public string InitialCluster => string.Join(',', members.Select(m => $"{m.Name}=http://{m.Address}:2380"));

    public static string ClientUrl(ILabHost member) => $"http://{member.Address}:2379";

    public string StartCommand(ILabHost m) =>
        $"rm -rf {WorkDir}; mkdir -p {WorkDir} && cd {WorkDir} && {{ " +
        $"setsid nohup etcd --name {m.Name} --data-dir {WorkDir}/{m.Name}.etcd --enable-v2=true " +
        $"--initial-advertise-peer-urls http://{m.Address}:2380 --listen-peer-urls http://{m.Address}:2380 " +
        $"--listen-client-urls http://{m.Address}:2379,http://127.0.0.1:2379 --advertise-client-urls http://{m.Address}:2379 " +
        $"--initial-cluster-token etcd-cluster --initial-cluster {InitialCluster} --initial-cluster-state new " +
        $"> {WorkDir}/etcd.log 2>&1 < /dev/null & echo $! > {WorkDir}/etcd.pid; }}";

    /// <summary>Starts every member at once (a member waits for its peers), then waits until the cluster reports healthy.</summary>
    public async Task<WaitOutcome<EtcdHealth>> StartAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        cleanups.RegisterCleanup("stop the etcd cluster", StopAsync, CleanupCost.Costly);
        await Task.WhenAll(members.Select(m => On(m).MustAsync(StartCommand(m), ct: ct))).ConfigureAwait(false);
        var outcome = await Eventually.UntilAsync(
            $"etcd cluster of {string.Join(", ", members.Select(m => m.Name))} is healthy",
            async c => EtcdHealth.Parse(Combined(await On(members[0]).QuietAsync(HealthCommand, ct: c).ConfigureAwait(false))),
            h => h.ClusterHealthy && h.Members.Count == members.Count,
            timeout, TimeSpan.FromMilliseconds(300), h => h.Output, ct, evidence).ConfigureAwait(false);
        return outcome;
    }

    public const string HealthCommand = "ETCDCTL_API=2 etcdctl cluster-health";

    public async Task<EtcdHealth> HealthAsync(ILabHost on, CancellationToken ct = default) =>
        EtcdHealth.Parse(Combined(await On(on).RunAsync(HealthCommand, ct: ct).ConfigureAwait(false)));

    /// <summary><c>etcdctl ls KEY</c> (v2 keys, where Docker's libkv keeps /docker/nodes and /docker/network/v1.0/...).</summary>
    public async Task<IReadOnlyList<string>> ListAsync(ILabHost on, string key, CancellationToken ct = default)
    {
        var r = await On(on).MustAsync($"ETCDCTL_API=2 etcdctl ls {LocalProcess.Quote(key)}", ct: ct).ConfigureAwait(false);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public async Task<string> GetAsync(ILabHost on, string key, CancellationToken ct = default) =>
        (await On(on).MustAsync($"ETCDCTL_API=2 etcdctl get {LocalProcess.Quote(key)}", ct: ct).ConfigureAwait(false)).Stdout.Trim();

    public async Task SetAsync(ILabHost on, string key, string value, CancellationToken ct = default) =>
        await On(on).MustAsync($"ETCDCTL_API=2 etcdctl set {LocalProcess.Quote(key)} {LocalProcess.Quote(value)}", ct: ct).ConfigureAwait(false);

    /// <summary>The network libnetwork stored under <c>KEY/ID</c>.</summary>
    public async Task<StoredNetwork> NetworkAsync(ILabHost on, string key, CancellationToken ct = default) =>
        StoredNetwork.Parse(await GetAsync(on, key, ct).ConfigureAwait(false));

    /// <summary>The endpoints libnetwork stored for a network (<c>/docker/network/v1.0/endpoint/ID/…</c>).</summary>
    public async Task<IReadOnlyList<StoredEndpoint>> EndpointsAsync(ILabHost on, string networkId, CancellationToken ct = default)
    {
        var endpoints = new List<StoredEndpoint>();
        foreach (var key in await ListAsync(on, $"/docker/network/v1.0/endpoint/{networkId}", ct).ConfigureAwait(false))
        {
            endpoints.Add(StoredEndpoint.Parse(await GetAsync(on, key, ct).ConfigureAwait(false)));
        }

        return endpoints;
    }

    /// <summary>Stops every member by the PID it was started with and removes its data.</summary>
    public Task StopAsync(CancellationToken ct = default) =>
        Task.WhenAll(members.Select(m => On(m).RunAsync(
            $"if [ -f {WorkDir}/etcd.pid ]; then pid=$(cat {WorkDir}/etcd.pid); kill $pid 2>/dev/null; " +
            $"i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; kill -9 $pid 2>/dev/null; fi; rm -rf {WorkDir}",
            Timeouts.Default.Cleanup, ct)));

    private static string Combined(ExecResult r) => r.Stdout + r.Stderr;
}
