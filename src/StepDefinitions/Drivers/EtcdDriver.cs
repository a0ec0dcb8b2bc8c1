using System.Text.Json.Nodes;
using LabSpecs.Core;
using LabSpecs.Drivers.Docker;
using LabSpecs.Drivers.Etcd;
using LabSpecs.Environments;
using LabSpecs.Specs.Support;

namespace LabSpecs.Specs.Drivers;

/// <summary>The scenario's etcd cluster, the docker engines that use it as their cluster store, and the last health check.</summary>
public sealed class EtcdDriver(LabContext lab)
{
    private readonly List<ILabHost> _engines = [];
    private EtcdCluster? _cluster;
    private EtcdHealth? _health;

    public EtcdCluster Cluster => _cluster ?? throw new LabSpecsException("No etcd cluster was started in this scenario (Given an etcd cluster with members on …)");

    public IReadOnlyList<ILabHost> ClusterStoreEngines => _engines;

    public EtcdHealth LastHealth => _health ?? throw new LabSpecsException("Check the etcd cluster health first.");

    public async Task StartAsync(params string[] members)
    {
        _cluster = new EtcdCluster(members.Select(lab.HostNamed).ToList(), lab.Evidence, lab);
        await _cluster.StartAsync(Timeouts.Default.Assert);
    }

    public async Task<EtcdHealth> CheckHealthAsync(string host) => _health = await Cluster.HealthAsync(lab.HostNamed(host));

    /// <summary>The handbook's <c>--cluster-store=etcd://ADDR:2379 --cluster-advertise=ADDR:2375</c>, as daemon.json keys; engines restarted at once.</summary>
    public async Task UseAsClusterStoreAsync(params string[] hosts)
    {
        var engines = hosts.Select(lab.HostNamed).ToList();
        await Task.WhenAll(engines.Select(h => new DockerDaemonSettings(h, lab.Evidence, lab).ApplyAsync(new Dictionary<string, JsonNode?>
        {
            ["cluster-store"] = $"etcd://{h.Address}:2379",
            ["cluster-advertise"] = $"{h.Address}:2375",
        })));
        _engines.AddRange(engines);
    }

    /// <summary><c>etcdctl ls KEY</c> on a host until <paramref name="done"/> holds (the engines write their keys a moment after starting).</summary>
    public async Task<IReadOnlyList<string>> ListEventuallyAsync(string host, string key, Func<IReadOnlyList<string>, bool> done)
    {
        var on = lab.HostNamed(host);
        var outcome = await Eventually.UntilAsync($"etcdctl ls {key} on {host}",
            ct => Cluster.ListAsync(on, key, ct), done, Timeouts.Default.Assert, TimeSpan.FromMilliseconds(500),
            k => string.Join('\n', k), evidence: lab.Evidence);
        return outcome.Value;
    }
}
