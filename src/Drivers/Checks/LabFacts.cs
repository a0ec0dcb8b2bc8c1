using LabSpecs.Core;
using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Drivers.Docker;
using LabSpecs.Drivers.Networking;

namespace LabSpecs.Drivers.Checks;

/// <summary>A step's words were false: what was expected, and what the host really showed.</summary>
public sealed class LabFactException(string message) : LabSpecsException(message);

/// <summary>
/// What the handbook's transcripts show, checked against what the host really printed (docker inspect, ip, docker ps).
/// Pure functions over parsed output, so each can be shown failing on a wrong value by a unit test on recorded output.
/// </summary>
public static partial class LabFacts
{
    /// <summary>
    /// The host has a Linux bridge named <c>br-</c> + the first 12 characters of the network's ID (as <c>ip -d -j addr</c>
    /// lists it, kind bridge). Returns that bridge.
    /// </summary>
    public static NetworkInterface BridgeNamedAfterId(NetworkDetails network, IReadOnlyList<NetworkInterface> hostInterfaces, string where)
    {
        var expected = "br-" + network.ShortId;
        var bridges = hostInterfaces.Where(i => i.Kind == "bridge").ToList();
        return bridges.FirstOrDefault(b => b.Name == expected)
               ?? throw new LabFactException(
                   $"The network {network.Name} has ID {network.Id}, so its bridge should be {expected}; the bridges on {where} are: " +
                   (bridges.Count == 0 ? "(none)" : string.Join(", ", bridges.Select(b => b.Name))));
    }

    /// <summary>
    /// The gateway of <paramref name="subnet"/>: the network's Linux bridge holds <paramref name="expected"/>, and when
    /// <c>docker network inspect</c> names a gateway it is that one too. (Docker 20.10 names none for the default bridge on a
    /// daemon's first start, when docker0 did not exist yet; the handbook's transcript, from a restarted daemon, shows one.)
    /// Returns what was seen, for the report.
    /// </summary>
    public static string Gateway(NetworkDetails network, string subnet, string expected, NetworkInterface bridge)
    {
        var ipam = network.Ipam.FirstOrDefault(c => c.Subnet == subnet);
        var inspect = ipam?.Gateway?.Split('/')[0];
        var held = bridge.IPv4.Select(a => a.Address.ToString()).ToList();
        var seen = $"docker network inspect {network.Name}: subnet {subnet}, gateway {inspect ?? "(none named)"}; " +
                   $"Linux bridge {bridge.Name} holds {(held.Count == 0 ? "(no IPv4 address)" : string.Join(", ", bridge.IPv4.Select(a => a.Cidr)))}";
        if (ipam is null) throw new LabFactException($"docker network inspect {network.Name} has no IPAM config for {subnet}: {string.Join(", ", network.Ipam)}");
        if (inspect is not null && inspect != expected) throw new LabFactException($"The gateway should be {expected}; {seen}");
        if (!held.Contains(expected)) throw new LabFactException($"The gateway should be {expected}; {seen}");
        return seen;
    }

    /// <summary>
    /// A host port Docker picked itself lies in the host's ephemeral range (<c>/proc/sys/net/ipv4/ip_local_port_range</c>,
    /// 32768–60999 by default), which Docker's port allocator uses.
    /// </summary>
    public static void EphemeralPort(int hostPort, string localPortRange, string what)
    {
        var (low, high) = ParsePortRange(localPortRange);
        if (hostPort < low || hostPort > high)
        {
            throw new LabFactException($"{what} is on host port {hostPort}, outside the host's ephemeral range {low}-{high} that Docker picks random ports from");
        }
    }

    public static (int Low, int High) ParsePortRange(string text)
    {
        var parts = text.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && int.TryParse(parts[0], out var low) && int.TryParse(parts[1], out var high)
            ? (low, high)
            : throw new LabSpecsException($"Not the content of ip_local_port_range: '{text.Trim()}'");
    }

    /// <summary>The row of container <paramref name="name"/> in a <c>docker ps</c> table has a STATUS starting with <paramref name="status"/> ("Up").</summary>
    public static TableRow ContainerStatus(string dockerPsOutput, string name, string status)
    {
        var rows = CliTable.Parse(dockerPsOutput);
        var row = rows.FirstOrDefault(r => r["NAMES"].Split(',').Contains(name))
                  ?? throw new LabFactException($"docker ps lists no container {name}:\n{dockerPsOutput}");
        if (!row["STATUS"].StartsWith(status, StringComparison.Ordinal))
        {
            throw new LabFactException($"The container {name} should be {status}; its STATUS is '{row["STATUS"]}':\n{dockerPsOutput}");
        }

        return row;
    }
}
