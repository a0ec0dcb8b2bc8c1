using Docker.DotNet.Models;

namespace LabSpecs.Drivers.Docker;

public sealed partial class DockerEngine
{
    /// <summary><c>docker network create -d DRIVER [--subnet …] NAME</c>; returns the network as inspected after creation.</summary>
    public async Task<NetworkDetails> CreateNetworkAsync(NetworkSpec spec, CancellationToken ct = default)
    {
        var cli = DockerCli.NetworkCreate(spec);
        var id = await CallAsync(cli, Options.Call, async c =>
        {
            // Engine 20.10 accepts duplicate names unless asked to check; the CLI checks, and so do we (the API model lost CheckDuplicate).
            var existing = await _client.Networks.ListNetworksAsync(new NetworksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [spec.Name] = true } },
            }, c).ConfigureAwait(false);
            if (existing.Any(n => n.Name == spec.Name))
            {
                throw new DockerEngineException(cli, Host, System.Net.HttpStatusCode.Conflict, $"network with name {spec.Name} already exists");
            }

            var created = await _client.Networks.CreateNetworkAsync(DockerMapping.ToCreateParameters(spec, RunLabel, RunId), c).ConfigureAwait(false);
            return created.ID;
        }, id => id, ct).ConfigureAwait(false);
        return await InspectNetworkCoreAsync(id, record: false, ct).ConfigureAwait(false);
    }

    /// <summary><c>docker network inspect NAME</c>: containers, IPAM, options, bridge name; the evidence is the inspect JSON.</summary>
    public Task<NetworkDetails> InspectNetworkAsync(string network, CancellationToken ct = default) =>
        InspectNetworkCoreAsync(network, record: true, ct);

    /// <summary><c>docker network ls</c>.</summary>
    public Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(CancellationToken ct = default) =>
        CallAsync("docker network ls", Options.Call, async c =>
        {
            var list = await _client.Networks.ListNetworksAsync(new NetworksListParameters(), c).ConfigureAwait(false);
            IReadOnlyList<NetworkSummary> rows = list.OrderBy(n => n.Name, StringComparer.Ordinal)
                .Select(n => new NetworkSummary(n.ID, n.Name, n.Driver, n.Scope)).ToList();
            return rows;
        }, DockerTables.Networks, ct);

    /// <summary><c>docker network connect NETWORK CONTAINER</c>.</summary>
    public Task ConnectAsync(string network, string container, CancellationToken ct = default) =>
        CallAsync(DockerCli.Line("docker", "network", "connect", network, container), Options.Call, async c =>
        {
            await _client.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters { Container = container }, c).ConfigureAwait(false);
            return "";
        }, _ => "", ct);

    /// <summary><c>docker network disconnect NETWORK CONTAINER</c>.</summary>
    public Task DisconnectAsync(string network, string container, bool force = false, CancellationToken ct = default) =>
        CallAsync(DockerCli.Line("docker", "network", "disconnect", network, container), Options.Call, async c =>
        {
            await _client.Networks.DisconnectNetworkAsync(network, new NetworkDisconnectParameters { Container = container, Force = force }, c)
                .ConfigureAwait(false);
            return "";
        }, _ => "", ct);

    private Task<NetworkDetails> InspectNetworkCoreAsync(string network, bool record, CancellationToken ct) =>
        CallAsync(DockerCli.Line("docker", "network", "inspect", network), Options.Call, async c =>
            DockerMapping.ToDetails(await _client.Networks.InspectNetworkAsync(network, c).ConfigureAwait(false)), d => d.Json, ct, record);
}
