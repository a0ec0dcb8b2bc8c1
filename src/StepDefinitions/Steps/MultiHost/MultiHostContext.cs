using LabSpecs.Core;
using LabSpecs.Drivers.Cli;
using LabSpecs.Drivers.Commands;
using LabSpecs.Drivers.MultiHost;
using LabSpecs.Environments;
using LabSpecs.Specs.Support;

namespace LabSpecs.Specs.Steps.MultiHost;

/// <summary>
/// What the multi-host steps of one scenario share, on top of the scenario's <see cref="LabContext"/> (environment,
/// evidence, cleanups undone in reverse order before the environment reset, last ping and command): the etcd cluster,
/// swarm and compose project made so far, and the last results a "Then" checks.
/// </summary>
public sealed class MultiHostContext(LabContext lab)
{
    public LabContext Lab => lab;

    public ILabEnvironment Environment => lab.Environment;

    public IEvidenceSink Evidence => lab.Evidence;

    public EtcdCluster? Etcd { get; set; }

    public List<ILabHost> ClusterStoreEngines { get; } = [];

    public SwarmCluster? Swarm { get; set; }

    public ComposeProject? Compose { get; set; }

    public EtcdHealth? LastHealth { get; set; }

    public HttpAnswers? LastAnswers { get; set; }

    /// <summary>Registers an undo action with the scenario's cleanups (run in reverse order, pass or fail).</summary>
    public void OnCleanup(string what, Func<CancellationToken, Task> undo, CleanupCost cost = CleanupCost.Cheap) => lab.RegisterCleanup(what, undo, cost);

    public ILabHost Host(string name) => lab.HostNamed(name);

    /// <summary>The host's shell: every command recorded with host and channel.</summary>
    public HostShell Shell(ILabHost host) => new(host, lab.Evidence);

    public DockerCommandLine Docker(string host) => new(new HostShell(lab.HostNamed(host), lab.Evidence));

    public DockerCommandLine Docker(ILabHost host) => new(new HostShell(host, lab.Evidence));

    public EtcdCluster RequireEtcd() => Etcd ?? throw new LabSpecsException("No etcd cluster was started in this scenario (Given an etcd cluster with members on …)");

    public SwarmCluster RequireSwarm() => Swarm ?? throw new LabSpecsException("No swarm was made in this scenario (Given a swarm initialized on …)");

    public SwarmServices Services() => new(RequireSwarm().Manager, lab.Evidence);

    public ComposeProject RequireCompose() => Compose ?? throw new LabSpecsException("No compose project is up in this scenario");

    /// <summary>Swarm nodes are named after their hosts (docker node ls HOSTNAME).</summary>
    public ILabHost HostOfNode(string nodeHostname) => lab.HostNamed(nodeHostname);
}
