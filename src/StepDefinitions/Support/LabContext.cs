using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Drivers.Cli;
using LabSpecs.Drivers.Docker;
using LabSpecs.Drivers.Networking;
using LabSpecs.Drivers.Ping;
using LabSpecs.Environments;
using Reqnroll;

namespace LabSpecs.Specs.Support;

/// <summary>
/// What one scenario knows: its environment and current docker host, the last command's result, facts captured along the way
/// (container IDs, published ports, network inspections) and the cleanups it registered. One per scenario (context injection).
/// </summary>
public sealed class LabContext(FeatureContext feature, ScenarioContext scenario, IEvidenceSink evidence) : IDisposable
{
    private readonly Dictionary<string, DockerEngine> _engines = [];
    private readonly List<ScenarioCleanup> _cleanups = [];
    private string? _hostName;
    private bool _workDirectoryUsed;

    public IEvidenceSink Evidence => evidence;

    public string ScenarioTitle => scenario.ScenarioInfo.Title;

    public ILabEnvironment Environment => FeatureEnvironment.Of(feature);

    /// <summary>The docker host the steps act on ("Given the docker host ..."); by default the topology's first host.</summary>
    public ILabHost Host => Environment.Host(_hostName ?? Environment.Hosts[0].Name);

    public void UseHost(string name) => _hostName = Environment.Host(name).Name;

    public ILabHost HostNamed(string name) => Environment.Host(name);

    /// <summary>The current host's shell; every command is recorded as evidence.</summary>
    public ICommandRunner Shell => new LabHostRunner(Host, evidence);

    public ICommandRunner ShellOn(string host) => new LabHostRunner(Environment.Host(host), evidence);

    /// <summary>The current host's shell, in the scenario's working directory (files the scenario writes, docker build context).</summary>
    public ICommandRunner WorkShell
    {
        get
        {
            if (!_workDirectoryUsed)
            {
                _workDirectoryUsed = true;
                var host = Host;
                RegisterCleanup($"remove {WorkDirectory} on {host.Name}", ct => host.ExecAsync($"rm -rf {WorkDirectory}", ct: ct));
            }

            return new WorkingDirectoryRunner(Host, WorkDirectory, evidence);
        }
    }

    /// <summary>The current host's docker CLI, for the commands the handbook has the reader type.</summary>
    public DockerCommandLine Docker => new(Shell);

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

    public void Dispose()
    {
        lock (_engines)
        {
            foreach (var engine in _engines.Values) engine.Dispose();
            _engines.Clear();
        }
    }

    public DockerCommandLine DockerOn(string host) => new(ShellOn(host));

    public HostNetwork Network => new(Shell);

    public HostNetwork NetworkOn(string host) => new(ShellOn(host));

    /// <summary>Per scenario, on the lab host: like the handbook's ~/hello-world.</summary>
    public string WorkDirectory { get; } = $"/root/lab-{Guid.NewGuid():N}"[..18];

    public ExecResult? LastResult { get; set; }

    public ExecResult LastCommand => LastResult ?? throw new LabSpecsException("No command has run yet in this scenario.");

    public PingResult? LastPing { get; set; }

    public NatTable? LastNatTable { get; set; }

    public IReadOnlyList<TableRow>? LastNetworkList { get; set; }

    public int? LastPid { get; set; }

    /// <summary>Container name → ID, captured when the scenario started it (the ID outlives "docker rm" in the scenario's memory).</summary>
    public Dictionary<string, string> ContainerIds { get; } = [];

    /// <summary>Network name → its latest "docker network inspect"; dropped when the scenario changes the network.</summary>
    public Dictionary<string, DockerNetwork> Networks { get; } = [];

    /// <summary>(container, container port) → host port, captured from "docker port".</summary>
    public Dictionary<(string Container, int Port), int> PublishedPorts { get; } = [];

    /// <summary>
    /// Undone in reverse order after the scenario, pass or fail (before the environment reset). A <see cref="CleanupCost.Costly"/>
    /// one on a replaceable environment makes the hooks replace the environment instead of undoing anything; its spare
    /// starts now, while the scenario runs.
    /// </summary>
    public void RegisterCleanup(string what, Func<CancellationToken, Task> undo, CleanupCost cost = CleanupCost.Cheap)
    {
        _cleanups.Add(new ScenarioCleanup(what, undo, cost));
        if (cost == CleanupCost.Costly) LabEnvironments.PrepareSpare(Environment);
    }

    public IReadOnlyList<ScenarioCleanup> TakeCleanups()
    {
        var list = Enumerable.Reverse(_cleanups).ToList();
        _cleanups.Clear();
        return list;
    }
}

/// <summary>How dear an undo is. Costly (seconds: an engine restart, leaving a swarm, stopping a cluster) is worth replacing
/// a replaceable environment for; measured per cleanup in the report ("cleanup" evidence) and in bench/.</summary>
public enum CleanupCost
{
    Cheap,
    Costly,
}

public sealed record ScenarioCleanup(string What, Func<CancellationToken, Task> Undo, CleanupCost Cost);
