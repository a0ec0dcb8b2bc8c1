using System.Net;
using LabSpecs.Core;

namespace LabSpecs.Drivers.Docker;

/// <summary>A row of <c>docker images</c>.</summary>
public sealed record ImageSummary(string Repository, string Tag, string Id, DateTime Created, long Size)
{
    public string ShortId => DockerIds.Short(Id);
}

/// <summary>A published port: <c>0.0.0.0:80-&gt;80/tcp</c>. <see cref="HostPort"/> is null when the port is only exposed.</summary>
public sealed record PublishedPort(int ContainerPort, string Protocol, string? HostIp, int? HostPort)
{
    public override string ToString() =>
        HostPort is null ? $"{ContainerPort}/{Protocol}" : $"{HostIp ?? "0.0.0.0"}:{HostPort}->{ContainerPort}/{Protocol}";
}

/// <summary>A row of <c>docker ps</c>.</summary>
public sealed record ContainerSummary(
    string Id, string Name, string Image, string Command, DateTime Created, string State, string Status,
    IReadOnlyList<PublishedPort> Ports, IReadOnlyDictionary<string, string> Labels);

/// <summary>A container's attachment to one network (from <c>docker inspect</c>'s NetworkSettings.Networks).</summary>
public sealed record ContainerEndpoint(
    string Network, string NetworkId, string IPAddress, long PrefixLength, string MacAddress, string Gateway, IReadOnlyList<string> Aliases);

/// <summary>What <c>docker inspect CONTAINER</c> shows that the labs use; <see cref="Json"/> is the whole inspect output.</summary>
public sealed record ContainerDetails(
    string Id, string Name, string Image, string Status, bool Running, long ExitCode, long Pid, string? SandboxKey,
    IReadOnlyDictionary<string, ContainerEndpoint> Networks, IReadOnlyList<PublishedPort> Ports,
    IReadOnlyDictionary<string, string> Labels, string Json)
{
    /// <summary>The address on the only (or first) network, as <c>docker inspect -f '{{.NetworkSettings.IPAddress}}'</c> shows for the default bridge.</summary>
    public string? IPAddress => Networks.Values.Select(n => n.IPAddress).FirstOrDefault(a => !string.IsNullOrEmpty(a));

    public string? MacAddress => Networks.Values.Select(n => n.MacAddress).FirstOrDefault(a => !string.IsNullOrEmpty(a));

    /// <summary>The host port published for a container port (<c>docker port web 80</c>), or null.</summary>
    public int? HostPortFor(int containerPort, string protocol = "tcp") =>
        Ports.FirstOrDefault(p => p.ContainerPort == containerPort && p.Protocol == protocol && p.HostPort is not null)?.HostPort;
}

/// <summary>One IPAM pool of a network: <c>"Subnet": "172.22.0.0/16", "Gateway": "172.22.0.1"</c>.</summary>
public sealed record IpamPool(string Subnet, string? Gateway)
{
    /// <summary>The gateway with the subnet's prefix length (<c>172.22.0.1/16</c>), as the Linux bridge holds it; null when none is named.</summary>
    public string? GatewayCidr =>
        Gateway is null || !IPNetwork.TryParse(Subnet, out var subnet) ? null : $"{Gateway.Split('/')[0]}/{subnet.PrefixLength}";
}

/// <summary>A container attached to a network, as <c>docker network inspect</c> lists it in "Containers" (API or CLI).</summary>
public sealed record NetworkEndpoint(string ContainerId, string Name, string MacAddress, string IPv4Address)
{
    /// <summary>The address of <see cref="IPv4Address"/> (<c>172.20.0.2/16</c>) without its prefix length; null when there is none.</summary>
    public IPAddress? Address => IPAddress.TryParse(IPv4Address.Split('/')[0], out var a) ? a : null;
}

/// <summary>
/// What <c>docker network inspect</c> shows, read from the engine API (<see cref="DockerMapping.ToDetails"/>) or from the CLI's
/// output (<see cref="Cli.DockerNetworkOutput.ParseInspect"/>); <see cref="Json"/> is the whole inspect output.
/// </summary>
public sealed record NetworkDetails(
    string Id, string Name, string Driver, string Scope, IReadOnlyList<IpamPool> Ipam, IReadOnlyDictionary<string, string> Options,
    IReadOnlyDictionary<string, string> Labels, IReadOnlyList<NetworkEndpoint> Containers, string Json, bool Attachable = false)
{
    public const string BridgeNameOption = "com.docker.network.bridge.name";

    public string ShortId => DockerIds.Short(Id);

    /// <summary>The subnets of the IPAM pools that have one.</summary>
    public IReadOnlyList<string> Subnets => Ipam.Select(p => p.Subnet).Where(s => s.Length > 0).ToList();

    /// <summary>The gateways the IPAM pools name (Docker 20.10 names none for the default bridge on a daemon's first start).</summary>
    public IReadOnlyList<string> Gateways => Ipam.Select(p => p.Gateway).OfType<string>().ToList();

    /// <summary>
    /// The Linux bridge behind a bridge network: the <c>com.docker.network.bridge.name</c> option (docker0 for the default
    /// network), else Docker's own naming <c>br-</c> + the first 12 characters of the network id. Null for other drivers.
    /// </summary>
    public string? BridgeName =>
        Options.TryGetValue(BridgeNameOption, out var name) && name.Length > 0 ? name
        : Driver == "bridge" ? "br-" + ShortId
        : null;

    /// <summary><see cref="BridgeName"/> of a network that has one; a network of another driver fails, naming it.</summary>
    public string LinuxBridge =>
        BridgeName ?? throw new LabSpecsException($"The network {Name} uses the {Driver} driver: no Linux bridge stands behind it");

    public bool HasMember(string containerName) => Containers.Any(c => c.Name == containerName);

    public NetworkEndpoint? Container(string name) => Containers.FirstOrDefault(c => c.Name == name);
}

/// <summary>A row of <c>docker network ls</c> (from the engine API or the CLI's table).</summary>
public sealed record NetworkSummary(string Id, string Name, string Driver, string Scope)
{
    public override string ToString() => $"{Id}  {Name}  {Driver}  {Scope}";
}
