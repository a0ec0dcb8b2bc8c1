using LabSpecs.Core;
using LabSpecs.Drivers.Docker;
using LabSpecs.Specs.Support;

namespace LabSpecs.Specs.Drivers;

/// <summary>
/// The containers a scenario starts on the docker host: their IDs (which outlive "docker rm" in the scenario's memory), the
/// host ports docker published for them, and the PID last looked up. Every container started is tracked for diagnostics.
/// </summary>
public sealed class ContainerDriver(LabContext lab)
{
    private readonly Dictionary<string, string> _ids = [];
    private readonly Dictionary<(string Container, int Port), int> _ports = [];
    private int? _pid;

    /// <summary><c>docker run -d --name NAME …</c> through the engine API (pulling first when the host lacks the image, as the CLI does).</summary>
    public async Task StartAsync(string name, ContainerSpec spec)
    {
        await lab.Engine.EnsureImageAsync(spec.Image);
        Remember(name, await lab.Engine.RunDetachedAsync(spec with { Name = name }));
    }

    /// <summary>
    /// <c>docker run -d --name NAME IMAGE</c> on another host of the environment, through its engine's API, so the container
    /// carries the run's label (an inventory host's reset removes only labelled things).
    /// </summary>
    public async Task StartOnAsync(string host, string name, string image)
    {
        await lab.EngineOn(host).EnsureImageAsync(image);
        lab.Started(host, name, await lab.EngineOn(host).RunDetachedAsync(new ContainerSpec(image) { Name = name }));
    }

    /// <summary><c>docker run -d --name NAME [--network NETWORK] IMAGE COMMAND</c>, the command split into words as a shell would.</summary>
    public Task StartAsync(string name, string image, string? network, string commandLine) =>
        StartAsync(name, new ContainerSpec(image) { Network = network, Command = ShellWords.Split(commandLine) });

    /// <summary><c>docker run -i</c> with <paramref name="input"/> typed on its stdin; returns what it printed.</summary>
    public async Task<ExecResult> RunInteractiveAsync(string name, string image, string input)
    {
        var r = (await lab.Docker.RunInteractiveAsync(name, image, input)).EnsureSuccess();
        Remember(name, (await lab.Docker.ContainerStateAsync(name)).Id);
        return r;
    }

    public string ShortId(string name) =>
        _ids.TryGetValue(name, out var id) ? DockerIds.Short(id) : throw new LabSpecsException($"This scenario did not start a container named {name}.");

    /// <summary>The host port docker bound to a container port (captured once per scenario).</summary>
    public async Task<int> HostPortAsync(string container, int port)
    {
        if (!_ports.TryGetValue((container, port), out var hostPort))
        {
            var ports = await lab.Docker.HostPortsAsync(container, port);
            hostPort = ports.Count > 0 ? ports[0] : throw new LabSpecsException($"Port {port} of {container} is not published.");
            _ports[(container, port)] = hostPort;
        }

        return hostPort;
    }

    public async Task<int> LookUpPidAsync(string container) => (_pid = (await lab.Docker.ContainerStateAsync(container)).Pid).Value;

    public int Pid => _pid ?? throw new LabSpecsException("Look up the PID of a container first.");

    private void Remember(string name, string id)
    {
        _ids[name] = id;
        lab.Started(lab.Host.Name, name, id);
    }
}
