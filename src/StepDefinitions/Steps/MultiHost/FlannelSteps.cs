using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LabSpecs.Drivers.MultiHost;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps.MultiHost;

/// <summary>The flannel lab: flanneld on each host (a binary the host must have), docker0 moved into the host's flannel subnet.</summary>
[Binding]
public sealed class FlannelSteps(MultiHostContext ctx)
{
    private const string Dir = "/var/lib/labspecs-flannel";

    [When("flanneld runs on {string} and {string}")]
    public async Task WhenFlanneldRuns(string first, string second)
    {
        foreach (var h in new[] { ctx.Host(first), ctx.Host(second) })
        {
            ctx.OnCleanup($"stop flanneld on {h.Name}", ct => ctx.Shell(h).RunAsync(
                $"[ -f {Dir}/flanneld.pid ] && kill $(cat {Dir}/flanneld.pid); ip link del flannel.100 2>/dev/null; rm -rf {Dir} /run/flannel; true", ct: ct), CleanupCost.Costly);
            await ctx.Shell(h).MustAsync(
                $"mkdir -p {Dir} && {{ setsid nohup flanneld -iface={h.Address} -etcd-endpoints=http://127.0.0.1:2379 > {Dir}/flanneld.log 2>&1 < /dev/null & " +
                $"echo $! > {Dir}/flanneld.pid; }}");
            // Docker >= 1.13 sets FORWARD to DROP; traffic from other hosts' subnets must be forwarded (the handbook's fix).
            await ctx.Shell(h).MustAsync("iptables -P FORWARD ACCEPT");
        }
    }

    [Then("on {string} the interface {string} has the MTU {int}")]
    public async Task ThenInterfaceMtu(string host, string iface, int mtu)
    {
        var r = await ctx.Shell(ctx.Host(host)).MustAsync($"ip addr show {iface}");
        IpTextParser.ParseAddr(r.Stdout).ShouldHaveSingleItem().Mtu.ShouldBe(mtu);
    }

    [Given("the docker engines on {string} and {string} are restarted inside their flannel subnets")]
    public async Task GivenEnginesInFlannelSubnets(string first, string second)
    {
        foreach (var h in new[] { ctx.Host(first), ctx.Host(second) })
        {
            var env = (await ctx.Shell(h).MustAsync("cat /run/flannel/subnet.env")).Stdout;
            var settings = new DockerDaemonSettings(h, ctx.Evidence);
            ctx.OnCleanup($"restore the docker engine settings on {h.Name}", ct => settings.RestoreAsync(ct), CleanupCost.Costly);
            await settings.ApplyAsync(new Dictionary<string, JsonNode?>
            {
                ["bip"] = Setting(env, "FLANNEL_SUBNET"),
                ["mtu"] = int.Parse(Setting(env, "FLANNEL_MTU")),
            });
        }
    }

    private static string Setting(string env, string name) =>
        Regex.Match(env, $@"^{name}=(\S+)$", RegexOptions.Multiline) is { Success: true } m
            ? m.Groups[1].Value
            : throw new ShouldAssertException($"{name} missing from /run/flannel/subnet.env:\n{env}");

    [Given("on {string} the subnet {string} is leased in etcd, with the VXLAN device {string} on VNI {int} and UDP port {int}")]
    public async Task GivenLease(string host, string subnet, string device, int vni, int port)
    {
        var h = ctx.Host(host);
        var flannel = new FlannelByHand(ctx.RequireEtcd(), ctx.Evidence);
        ctx.OnCleanup($"remove {device} on {host}", ct => ctx.Shell(h).RunAsync($"ip link del {device} 2>/dev/null; rm -rf /run/flannel; true", ct: ct));
        await flannel.LeaseAsync(h, System.Net.IPNetwork.Parse(subnet), device, vni, port, "10.0.0.0/8");
    }

    [Given("on {string} and {string} the other host's subnet is routed through {string}, from its lease in etcd")]
    public async Task GivenRoutes(string first, string second, string device)
    {
        var flannel = new FlannelByHand(ctx.RequireEtcd(), ctx.Evidence);
        foreach (var h in new[] { ctx.Host(first), ctx.Host(second) })
        {
            var policy = await flannel.RouteToPeersAsync(h, device);
            ctx.OnCleanup($"restore the FORWARD policy on {h.Name}", ct => ctx.Shell(h).RunAsync($"iptables -P FORWARD {policy}", ct: ct));
        }
    }
}
