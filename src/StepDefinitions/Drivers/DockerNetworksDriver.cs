using LabSpecs.Core;
using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Drivers.Docker;
using LabSpecs.Specs.Support;

namespace LabSpecs.Specs.Drivers;

/// <summary>
/// Docker networks on the docker host: the last <c>docker network ls</c>, and each network's latest <c>docker network inspect</c>
/// (read once, dropped when the scenario changes the network).
/// </summary>
public sealed class DockerNetworksDriver(LabContext lab)
{
    private readonly Dictionary<string, NetworkDetails> _inspected = [];
    private IReadOnlyList<NetworkSummary>? _listed;

    public IReadOnlyList<NetworkSummary> Listed =>
        _listed ?? throw new LabSpecsException("List the docker networks first (When I list the docker networks).");

    public async Task ListAsync() => _listed = await lab.Docker.NetworksAsync();

    /// <summary>The network as <c>docker network inspect</c> showed it since the scenario last changed it.</summary>
    public async Task<NetworkDetails> InspectAsync(string name)
    {
        if (!_inspected.TryGetValue(name, out var n)) _inspected[name] = n = await lab.Docker.InspectNetworkAsync(name);
        return n;
    }

    /// <summary>Inspects again, whatever was seen before.</summary>
    public async Task<NetworkDetails> InspectAgainAsync(string name)
    {
        _inspected.Remove(name);
        return await InspectAsync(name);
    }

    public async Task CreateBridgeAsync(string name)
    {
        await lab.Engine.CreateNetworkAsync(new NetworkSpec(name));
        _inspected.Remove(name);
    }

    public async Task ConnectAsync(string container, string network)
    {
        await lab.Engine.ConnectAsync(network, container);
        _inspected.Remove(network);
    }

    public async Task DisconnectAsync(string container, string network)
    {
        await lab.Engine.DisconnectAsync(network, container);
        _inspected.Remove(network);
    }
}
