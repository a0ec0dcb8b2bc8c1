using Docker.DotNet.Models;
using LabSpecs.Core;

namespace LabSpecs.Drivers.Docker;

public sealed partial class DockerEngine
{
    /// <summary><c>docker run -d …</c>: creates and starts a container, returns its id.</summary>
    public Task<string> RunDetachedAsync(ContainerSpec spec, CancellationToken ct = default) =>
        CallAsync(DockerCli.Run(spec, detached: true), Options.Call, async c =>
        {
            var id = await CreateRawAsync(spec, c).ConfigureAwait(false);
            await _client.Containers.StartContainerAsync(id, new ContainerStartParameters(), c).ConfigureAwait(false);
            return id;
        }, id => id, ct);

    /// <summary><c>docker create …</c>: returns the new container's id.</summary>
    public Task<string> CreateAsync(ContainerSpec spec, CancellationToken ct = default) =>
        CallAsync(DockerCli.Create(spec), Options.Call, c => CreateRawAsync(spec, c), id => id, ct);

    /// <summary><c>docker start NAME</c>.</summary>
    public Task StartAsync(string container, CancellationToken ct = default) =>
        CallAsync(DockerCli.Line("docker", "start", container), Options.Call, async c =>
        {
            await _client.Containers.StartContainerAsync(container, new ContainerStartParameters(), c).ConfigureAwait(false);
            return container;
        }, name => name, ct);

    /// <summary><c>docker inspect CONTAINER</c>: addresses, MAC, sandbox key, PID, published ports; the evidence is the inspect JSON.</summary>
    public Task<ContainerDetails> InspectContainerAsync(string container, CancellationToken ct = default) =>
        InspectContainerCoreAsync(container, record: true, ct);

    /// <summary>Inspect without recording (diagnostics record it themselves, marked as diagnostic).</summary>
    internal Task<ContainerDetails> InspectContainerCoreAsync(string container, bool record, CancellationToken ct) =>
        CallAsync(DockerCli.Line("docker", "inspect", container), Options.Call, async c =>
        {
            var r = await _client.Containers.InspectContainerAsync(container, c).ConfigureAwait(false);
            return DockerMapping.ToDetails(r);
        }, d => d.Json, ct, record);

    /// <summary><c>docker ps [-a] [-q] [--filter …]</c>; the evidence is the CLI's table (or ids with <paramref name="quiet"/>).</summary>
    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(
        ContainerFilter? filter = null, bool quiet = false, CancellationToken ct = default)
    {
        filter ??= new ContainerFilter();
        return CallAsync(DockerCli.Ps(filter, quiet), Options.Call, async c =>
        {
            var list = await _client.Containers.ListContainersAsync(DockerMapping.ToListParameters(filter), c).ConfigureAwait(false);
            IReadOnlyList<ContainerSummary> rows = list.Select(DockerMapping.ToSummary).ToList();
            return rows;
        }, rows => quiet ? string.Join('\n', rows.Select(r => DockerIds.Short(r.Id))) : DockerTables.Ps(rows), ct);
    }

    /// <summary><c>docker stop NAME…</c>: stops each (engine's grace period, then kill), in one evidence line.</summary>
    public Task StopAsync(params string[] containers) => StopAsync(containers, CancellationToken.None);

    public Task StopAsync(IReadOnlyList<string> containers, CancellationToken ct) =>
        CallAsync(DockerCli.Line(["docker", "stop", .. containers]), Options.Stop, async c =>
        {
            foreach (var name in containers)
            {
                await _client.Containers.StopContainerAsync(name, new ContainerStopParameters { WaitBeforeKillSeconds = 5 }, c)
                    .ConfigureAwait(false);
            }

            return string.Join('\n', containers);
        }, text => text, ct);

    private async Task<string> CreateRawAsync(ContainerSpec spec, CancellationToken ct)
    {
        var response = await _client.Containers.CreateContainerAsync(DockerMapping.ToCreateParameters(spec, RunLabel, RunId), ct)
            .ConfigureAwait(false);
        return response.ID;
    }
}
