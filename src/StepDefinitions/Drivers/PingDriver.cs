using LabSpecs.Core;
using LabSpecs.Drivers.Ping;
using LabSpecs.Specs.Support;

namespace LabSpecs.Specs.Drivers;

/// <summary>Pings from the docker host, a network namespace or a container (on any host), and the last ping's statistics.</summary>
public sealed class PingDriver(LabContext lab)
{
    private PingResult? _last;

    public PingResult Last => _last ?? throw new LabSpecsException("No ping has run yet in this scenario.");

    public async Task<PingResult> FromHostAsync(string target) => _last = await lab.Network.PingAsync(target);

    public async Task<PingResult> FromNamespaceAsync(string ns, string target) => _last = await lab.Network.PingAsync(target, ns);

    public async Task<PingResult> FromContainerAsync(string container, string target) => _last = await lab.Docker.PingAsync(container, target);

    public async Task<PingResult> FromContainerOnAsync(string host, string container, string target) =>
        _last = await lab.DockerOn(host).PingAsync(container, target);
}
