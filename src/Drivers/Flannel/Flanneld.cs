using System.Text.RegularExpressions;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Flannel;

/// <summary>What flanneld wrote to <c>/run/flannel/subnet.env</c>: the host's subnet (docker0's new address) and the MTU.</summary>
public sealed record FlannelSubnet(string Network, string Subnet, int Mtu)
{
    public static FlannelSubnet Parse(string subnetEnv) =>
        new(Setting(subnetEnv, "FLANNEL_NETWORK", required: false), Setting(subnetEnv, "FLANNEL_SUBNET"),
            int.Parse(Setting(subnetEnv, "FLANNEL_MTU"), System.Globalization.CultureInfo.InvariantCulture));

    private static string Setting(string env, string name, bool required = true) =>
        Regex.Match(env, $@"^{name}=(\S+)$", RegexOptions.Multiline) is { Success: true } m
            ? m.Groups[1].Value
            : required ? throw new LabSpecsException($"{name} missing from /run/flannel/subnet.env:\n{env}") : "";
}

/// <summary>
/// flanneld on a host (a binary the host must have), started the handbook's way against the local etcd; starting registers
/// its stop (the process, its VXLAN device flannel.100 and /run/flannel).
/// </summary>
public sealed class Flanneld(IEvidenceSink evidence, ICleanupRegistry cleanups)
{
    public const string Dir = "/var/lib/labspecs-flannel";

    private HostShell On(ILabHost h) => new(h, evidence);

    public async Task StartAsync(ILabHost host, CancellationToken ct = default)
    {
        cleanups.RegisterCleanup($"stop flanneld on {host.Name}", c => On(host).RunAsync(
            $"[ -f {Dir}/flanneld.pid ] && kill $(cat {Dir}/flanneld.pid); ip link del flannel.100 2>/dev/null; rm -rf {Dir} /run/flannel; true",
            Timeouts.Default.Cleanup, c), CleanupCost.Costly);
        await On(host).MustAsync(
            $"mkdir -p {Dir} && {{ setsid nohup flanneld -iface={host.Address} -etcd-endpoints=http://127.0.0.1:2379 > {Dir}/flanneld.log 2>&1 < /dev/null & " +
            $"echo $! > {Dir}/flanneld.pid; }}", ct: ct).ConfigureAwait(false);
        // Docker >= 1.13 sets FORWARD to DROP; traffic from other hosts' subnets must be forwarded (the handbook's fix).
        await On(host).MustAsync("iptables -P FORWARD ACCEPT", ct: ct).ConfigureAwait(false);
    }

    public async Task<FlannelSubnet> SubnetAsync(ILabHost host, CancellationToken ct = default) =>
        FlannelSubnet.Parse((await On(host).MustAsync("cat /run/flannel/subnet.env", ct: ct).ConfigureAwait(false)).Stdout);
}
