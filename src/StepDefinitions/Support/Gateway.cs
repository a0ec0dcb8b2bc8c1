using LabSpecs.Drivers.Cli;

namespace LabSpecs.Specs.Support;

/// <summary>The gateway of a docker network's subnet.</summary>
public static class Gateway
{
    /// <summary>
    /// The IPAM gateway from <c>docker network inspect</c>; dockerd 20.10 leaves it empty for the default bridge, whose gateway
    /// is then the address of its Linux bridge (docker0 172.17.0.1/16), read with <c>ip addr</c> and noted in the evidence.
    /// </summary>
    public static async Task<string> OfAsync(LabContext lab, DockerNetwork network, string subnet)
    {
        var gateway = network.Ipam.FirstOrDefault(c => c.Subnet == subnet).Gateway;
        if (!string.IsNullOrEmpty(gateway)) return gateway;

        var bridge = Interfaces.Named(await Interfaces.OnHostAsync(lab).ConfigureAwait(false), network.LinuxBridge, $"on {lab.Host.Name}");
        var address = bridge.IPv4.FirstOrDefault()?.Address.ToString() ?? "(none)";
        lab.Evidence.Record(new LabSpecs.Core.EvidenceItem("gateway",
            $"IPAM of {network.Name} names no gateway for {subnet}; its Linux bridge {bridge.Name} has {address}"));
        return address;
    }
}
