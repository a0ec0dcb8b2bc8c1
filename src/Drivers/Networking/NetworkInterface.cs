using System.Net;

namespace LabSpecs.Drivers.Networking;

/// <summary>An address on an interface, as <c>ip addr</c> shows it (<c>inet 172.17.0.1/16 scope global docker0</c>).</summary>
public sealed record InterfaceAddress(string Family, IPAddress Address, int PrefixLength, string? Scope)
{
    public string Cidr => $"{Address}/{PrefixLength}";

    public bool IsIPv4 => Family == "inet";

    /// <summary>Whether an address (<c>10.0.0.2</c> or <c>10.0.0.2/24</c>, as docker and ip print them) lies in <paramref name="cidr"/>.</summary>
    public static bool InSubnet(string address, string cidr) => IPNetwork.Parse(cidr).Contains(IPAddress.Parse(address.Split('/')[0]));

    public override string ToString() => $"{Family} {Cidr}" + (Scope is null ? "" : $" scope {Scope}");
}

/// <summary>
/// A network interface (link) of a host or container. <see cref="PeerIndex"/> is the ifindex of a veth's peer (the <c>@ifN</c>
/// suffix), in the namespace named by <see cref="LinkNetnsId"/>; <see cref="Master"/> is the bridge it is enslaved to.
/// </summary>
public sealed record NetworkInterface(
    int Index,
    string Name,
    string State,
    int Mtu,
    string? Master,
    string? MacAddress,
    IReadOnlyList<string> Flags,
    IReadOnlyList<InterfaceAddress> Addresses,
    string? Kind = null,
    int? PeerIndex = null,
    int? LinkNetnsId = null)
{
    public bool IsUp => Flags.Contains("UP");

    public bool IsVeth => Kind == "veth" || (Kind is null && PeerIndex is not null && Name.StartsWith("veth", StringComparison.Ordinal));

    public IEnumerable<InterfaceAddress> IPv4 => Addresses.Where(a => a.IsIPv4);

    public bool HasAddress(string cidrOrAddress) =>
        Addresses.Any(a => a.Cidr == cidrOrAddress || a.Address.ToString() == cidrOrAddress);

    public override string ToString() =>
        $"{Index}: {Name}{(PeerIndex is null ? "" : $"@if{PeerIndex}")} state {State} mtu {Mtu}" +
        (Master is null ? "" : $" master {Master}") +
        (Addresses.Count == 0 ? "" : " [" + string.Join(", ", Addresses.Select(a => a.Cidr)) + "]");
}

/// <summary>A route as <c>ip route</c> shows it.</summary>
public sealed record Route(
    string Destination, string? Gateway, string? Device, string? Protocol, string? Scope, string? PreferredSource, int? Metric)
{
    public bool IsDefault => Destination == "default";

    public override string ToString() =>
        Destination + (Gateway is null ? "" : $" via {Gateway}") + (Device is null ? "" : $" dev {Device}") +
        (Protocol is null ? "" : $" proto {Protocol}") + (Scope is null ? "" : $" scope {Scope}") +
        (PreferredSource is null ? "" : $" src {PreferredSource}") + (Metric is null ? "" : $" metric {Metric}");
}

/// <summary>A network namespace from <c>ip netns list</c>.</summary>
public sealed record NetworkNamespace(string Name, int? Id);

/// <summary>Looking up interfaces by name in what <c>ip addr</c> listed; errors list the names there are.</summary>
public static class InterfaceLists
{
    public static NetworkInterface Named(this IReadOnlyList<NetworkInterface> all, string name, string where) =>
        all.FirstOrDefault(i => i.Name == name)
        ?? throw new LabSpecs.Core.LabSpecsException($"No interface '{name}' {where}; it has: {all.Names()}");

    public static string Names(this IEnumerable<NetworkInterface> all) => string.Join(", ", all.Select(i => i.Name));
}
