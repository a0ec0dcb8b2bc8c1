using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;

namespace LabSpecs.Specs.Drivers;

/// <summary>The docker host's nat table as the scenario last listed it (<c>iptables -t nat -S</c>), else as it is now.</summary>
public sealed class NatTableDriver(LabContext lab)
{
    private NatTable? _listed;

    public async Task<NatTable> ListAsync() => _listed = await lab.Network.NatTableAsync();

    public async Task<NatTable> CurrentAsync() => _listed ?? await lab.Network.NatTableAsync();

    public Task<NatTable> OnAsync(string host) => lab.NetworkOn(host).NatTableAsync();
}
