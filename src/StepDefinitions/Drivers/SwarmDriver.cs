using LabSpecs.Core;
using LabSpecs.Drivers.Swarm;
using LabSpecs.Specs.Support;

namespace LabSpecs.Specs.Drivers;

/// <summary>The scenario's swarm (made with the docker CLI on its hosts) and its services.</summary>
public sealed class SwarmDriver(LabContext lab)
{
    private SwarmCluster? _swarm;

    public SwarmCluster Cluster => _swarm ?? throw new LabSpecsException("No swarm was made in this scenario (Given a swarm initialized on …)");

    public SwarmServices Services => new(Cluster.Manager, lab.Evidence, lab);

    public async Task InitAsync(string manager)
    {
        _swarm = new SwarmCluster(lab.HostNamed(manager), lab.Evidence, lab);
        await _swarm.InitAsync();
    }

    public Task JoinAsync(params string[] workers) => Cluster.JoinAsync(workers.Select(lab.HostNamed).ToList());
}
