using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;
using LabSpecs.Drivers.Etcd;

namespace LabSpecs.Drivers.Flannel;

/// <summary>A host's flannel lease as etcd keeps it: /coreos.com/network/subnets/10.15.64.0-20 → {"PublicIP", "BackendData": {"VtepMAC"}}.</summary>
public sealed record FlannelLease(string Key, IPNetwork Subnet, string PublicIp, string VtepMac)
{
    public static FlannelLease Parse(string key, string json)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        return new FlannelLease(key, IPNetwork.Parse(name.Replace('-', '/')), r.GetProperty("PublicIP").GetString() ?? "",
            r.GetProperty("BackendData").GetProperty("VtepMAC").GetString() ?? "");
    }
}

/// <summary>
/// What flanneld's VXLAN backend does, done step by step with iproute2 so it can be watched where flanneld is not
/// installed: take a subnet lease in etcd, create the VXLAN device (flannel.VNI, nolearning, MTU 1450) holding the
/// subnet's first address, write /run/flannel/subnet.env, and for every other host's lease add the route, the
/// permanent neighbour entry (the peer's VTEP MAC) and the forwarding entry (that MAC lives at the peer's address).
/// </summary>
public sealed partial class FlannelByHand(EtcdCluster etcd, IEvidenceSink evidence, ICleanupRegistry cleanups)
{
    private HostShell On(ILabHost h) => new(h, evidence);

    public const string SubnetsKey = "/coreos.com/network/subnets";

    public async Task LeaseAsync(ILabHost host, IPNetwork subnet, string device, int vni, int port, string network, CancellationToken ct = default)
    {
        var gateway = Nth(subnet, 1);
        cleanups.RegisterCleanup($"remove {device} on {host.Name}",
            c => On(host).RunAsync($"ip link del {device} 2>/dev/null; rm -rf /run/flannel; true", Timeouts.Default.Cleanup, c));
        await On(host).MustAsync(
            $"ip link add {device} type vxlan id {vni} local {host.Address} dstport {port} nolearning && ip link set {device} mtu 1450 && " +
            $"ip addr add {subnet.BaseAddress}/32 dev {device} && ip link set {device} up", ct: ct).ConfigureAwait(false);
        var mac = MacOf((await On(host).MustAsync($"ip -o link show {device}", ct: ct).ConfigureAwait(false)).Stdout);
        var lease = $"{{\"PublicIP\":\"{host.Address}\",\"BackendType\":\"vxlan\",\"BackendData\":{{\"VtepMAC\":\"{mac}\"}}}}";
        await etcd.SetAsync(host, $"{SubnetsKey}/{subnet.BaseAddress}-{subnet.PrefixLength}", lease, ct).ConfigureAwait(false);
        await On(host).MustAsync(
            $"mkdir -p /run/flannel && printf 'FLANNEL_NETWORK={network}\\nFLANNEL_SUBNET={gateway}/{subnet.PrefixLength}\\nFLANNEL_MTU=1450\\nFLANNEL_IPMASQ=false\\n' " +
            "> /run/flannel/subnet.env && cat /run/flannel/subnet.env", ct: ct).ConfigureAwait(false);
    }

    /// <summary>Reads every lease from etcd and points the other hosts' subnets at the device; returns the FORWARD policy it replaced.</summary>
    public async Task<string> RouteToPeersAsync(ILabHost host, string device, CancellationToken ct = default)
    {
        foreach (var key in await etcd.ListAsync(host, SubnetsKey, ct).ConfigureAwait(false))
        {
            var lease = FlannelLease.Parse(key, await etcd.GetAsync(host, key, ct).ConfigureAwait(false));
            if (lease.PublicIp == host.Address.ToString()) continue;
            var peer = lease.Subnet.BaseAddress;
            await On(host).MustAsync(
                $"ip route replace {lease.Subnet} via {peer} dev {device} onlink && " +
                $"ip neigh replace {peer} lladdr {lease.VtepMac} dev {device} nud permanent && " +
                $"bridge fdb append {lease.VtepMac} dev {device} dst {lease.PublicIp}", ct: ct).ConfigureAwait(false);
        }

        var seen = (await On(host).MustAsync("iptables -S FORWARD | head -n 1", ct: ct).ConfigureAwait(false)).Stdout.Trim().Split(' ').Last();
        var policy = seen is "ACCEPT" or "DROP" ? seen : "DROP";
        cleanups.RegisterCleanup($"restore the FORWARD policy on {host.Name}",
            c => On(host).RunAsync($"iptables -P FORWARD {policy}", Timeouts.Default.Cleanup, c));
        // Docker >= 1.13 sets FORWARD to DROP: traffic from other hosts' subnets to docker0 must be forwarded (the handbook's step).
        await On(host).MustAsync("iptables -P FORWARD ACCEPT", ct: ct).ConfigureAwait(false);
        return policy;
    }

    public static string MacOf(string ipOLink) =>
        Mac().Match(ipOLink) is { Success: true } m ? m.Groups[1].Value : throw new LabSpecsException($"no link/ether in: {ipOLink}");

    private static IPAddress Nth(IPNetwork net, int n)
    {
        var b = net.BaseAddress.GetAddressBytes();
        var v = ((uint)b[0] << 24 | (uint)b[1] << 16 | (uint)b[2] << 8 | b[3]) + (uint)n;
        return new IPAddress([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
    }

    [GeneratedRegex(@"link/ether ([0-9a-f:]{17})")]
    private static partial Regex Mac();
}
