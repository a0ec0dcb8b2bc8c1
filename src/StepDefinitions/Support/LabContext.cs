using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Drivers.Commands;
using LabSpecs.Drivers.Docker;
using LabSpecs.Drivers.Networking;
using LabSpecs.Environments;
using Reqnroll;

namespace LabSpecs.Specs.Support;

/// <summary>
/// The one step context of a scenario: where it acts (its environment, the current docker host and the drivers that reach a
/// host), the containers it started on any host, and the cleanups its drivers registered. What happened last (the last
/// command, ping, answers …) lives in the driver that produced it (src/StepDefinitions/Drivers), not here.
/// One per scenario (context injection).
/// </summary>
public sealed class LabContext(FeatureContext feature, ScenarioContext scenario, IEvidenceSink evidence) : ICleanupRegistry, IContainerLog, IDisposable
{
    private readonly Dictionary<string, DockerEngine> _engines = [];
    private readonly List<ScenarioCleanup> _cleanups = [];
    private readonly List<StartedContainer> _containers = [];
    private string? _hostName;
    private bool _workDirectoryUsed;

    public IEvidenceSink Evidence => evidence;

    /// <summary>How a Then step fails: one sentence in its words, then the last command it saw (<see cref="Expectation"/>).</summary>
    public Expectation Expect => field ??= new Expectation(evidence);

    public string ScenarioTitle => scenario.ScenarioInfo.Title;

    public ILabEnvironment Environment => FeatureEnvironment.Of(feature);

    /// <summary>The docker host the steps act on ("Given the docker host ..."); by default the topology's first host.</summary>
    public ILabHost Host => Environment.Host(_hostName ?? Environment.Hosts[0].Name);

    public void UseHost(string name) => _hostName = Environment.Host(name).Name;

    /// <summary>The host with that name; the error lists the valid names.</summary>
    public ILabHost HostNamed(string name) => Environment.Host(name);

    /// <summary>The current host's shell; every command is recorded as evidence.</summary>
    public HostShell Shell => new(Host, evidence);

    public HostShell ShellOn(string host) => ShellOn(Environment.Host(host));

    public HostShell ShellOn(ILabHost host) => new(host, evidence);

    /// <summary>Per scenario, on the lab host: like the handbook's ~/hello-world.</summary>
    public string WorkDirectory { get; } = $"/root/lab-{Guid.NewGuid():N}"[..18];

    /// <summary>The current host's shell, in the scenario's working directory (files the scenario writes, docker build context).</summary>
    public HostShell WorkShell
    {
        get
        {
            if (!_workDirectoryUsed)
            {
                _workDirectoryUsed = true;
                var host = Host;
                RegisterCleanup($"remove {WorkDirectory} on {host.Name}", ct => host.ExecAsync($"rm -rf {WorkDirectory}", ct: ct));
            }

            return Shell.In(WorkDirectory);
        }
    }

    /// <summary>The current host's docker CLI, for the commands the handbook has the reader type.</summary>
    public DockerCommandLine Docker => new(Shell, this, this, Environment.Id);

    public DockerCommandLine DockerOn(string host) => new(ShellOn(host), this, this, Environment.Id);

    public DockerCommandLine DockerOn(ILabHost host) => new(ShellOn(host), this, this, Environment.Id);

    /// <summary>The current host's docker CLI in the scenario's working directory (a build context).</summary>
    public DockerCommandLine DockerInWorkDirectory => new(WorkShell, this, this, Environment.Id);

    /// <summary>The current host's Docker engine API (Docker.DotNet), for setting a scenario up; evidence shows the CLI equivalent.</summary>
    public DockerEngine Engine => EngineOn(Host.Name);

    public DockerEngine EngineOn(string host)
    {
        lock (_engines)
        {
            if (!_engines.TryGetValue(host, out var engine))
            {
                engine = DockerEngine.For(Environment.Host(host), Environment.Id, evidence);
                _engines[host] = engine;
            }

            return engine;
        }
    }

    /// <summary>The current host's networking facts (iproute2, iptables).</summary>
    public HostNetwork Network => new(Shell, this);

    public HostNetwork NetworkOn(string host) => new(ShellOn(host), this);

    /// <summary>Remembers a container the scenario started (on any host): failure diagnostics inspect and show its logs.</summary>
    public void Started(string host, string container, string? id = null)
    {
        lock (_containers) _containers.Add(new StartedContainer(host, container, id));
    }

    public IReadOnlyList<StartedContainer> StartedContainers
    {
        get { lock (_containers) return _containers.ToArray(); }
    }

    /// <summary>
    /// Undone in reverse order after the scenario, pass or fail (before the environment reset). A <see cref="CleanupCost.Costly"/>
    /// one on a replaceable environment makes the hooks replace the environment instead of undoing anything.
    /// </summary>
    public void RegisterCleanup(string what, Func<CancellationToken, Task> undo, CleanupCost cost = CleanupCost.Cheap, TimeSpan? timeout = null)
    {
        lock (_cleanups) _cleanups.Add(new ScenarioCleanup(what, undo, cost, timeout));
        if (cost == CleanupCost.Costly) CostlyCleanupRegistered?.Invoke();
    }

    /// <summary>Raised when a costly cleanup is registered (the scenario hooks listen: the environment will be replaced).</summary>
    public event Action? CostlyCleanupRegistered;

    public IReadOnlyList<ScenarioCleanup> TakeCleanups()
    {
        lock (_cleanups)
        {
            var list = Enumerable.Reverse(_cleanups).ToList();
            _cleanups.Clear();
            return list;
        }
    }

    public void Dispose()
    {
        lock (_engines)
        {
            foreach (var engine in _engines.Values) engine.Dispose();
            _engines.Clear();
        }
    }
}

public sealed record ScenarioCleanup(string What, Func<CancellationToken, Task> Undo, CleanupCost Cost, TimeSpan? Timeout = null);

/// <summary>A container a scenario started: on which host, its name and (when known) its ID.</summary>
public sealed record StartedContainer(string Host, string Name, string? Id);
