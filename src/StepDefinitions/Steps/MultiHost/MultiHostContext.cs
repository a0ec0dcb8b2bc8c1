using LabSpecs.Core;
using LabSpecs.Drivers.MultiHost;
using LabSpecs.Drivers.Ping;
using LabSpecs.Environments;
using Reqnroll;

namespace LabSpecs.Specs.Steps.MultiHost;

/// <summary>
/// What the multi-host steps of one scenario share: the environment, the drivers made so far, the last results a
/// "Then" checks, and the undo actions run (in reverse order) when the scenario ends.
/// </summary>
public sealed class MultiHostContext(ILabEnvironment environment, IEvidenceSink evidence)
{
    public ILabEnvironment Environment => environment;

    public IEvidenceSink Evidence => evidence;

    public CleanupStack Cleanup { get; } = new(evidence);

    public EtcdCluster? Etcd { get; set; }

    public List<ILabHost> ClusterStoreEngines { get; } = [];

    public SwarmCluster? Swarm { get; set; }

    public ComposeProject? Compose { get; set; }

    public EtcdHealth? LastHealth { get; set; }

    public PingResult? LastPing { get; set; }

    public ExecResult? LastResult { get; set; }

    public HttpAnswers? LastAnswers { get; set; }

    public ILabHost Host(string name) => environment.Host(name);

    public HostDocker Docker(string host) => new(environment.Host(host), evidence);

    public HostDocker Docker(ILabHost host) => new(host, evidence);

    public EtcdCluster RequireEtcd() => Etcd ?? throw new LabSpecsException("No etcd cluster was started in this scenario (Given an etcd cluster with members on …)");

    public SwarmCluster RequireSwarm() => Swarm ?? throw new LabSpecsException("No swarm was made in this scenario (Given a swarm initialized on …)");

    public SwarmServices Services() => new(RequireSwarm().Manager, evidence);

    public ComposeProject RequireCompose() => Compose ?? throw new LabSpecsException("No compose project is up in this scenario");

    public ILabHost HostOfNode(string nodeHostname) => environment.Host(nodeHostname);
}

[Binding]
public sealed class MultiHostCleanupHooks(MultiHostContext context)
{
    /// <summary>Runs before the environment's per-scenario reset (default order 10000), so engines are restored first.</summary>
    [AfterScenario(Order = 100)]
    public Task UndoWhatTheScenarioMadeAsync() => context.Cleanup.RunAsync();
}
