using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.Underlay;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps.MultiHost;

/// <summary>Networks and containers on a named host, cross-host ping, and what the underlay carries.</summary>
[Binding]
public sealed class OverlaySteps(LabContext lab, CommandDriver commands, PingDriver pings)
{
    [Given("on {string} I create an overlay network {string}")]
    [When("on {string} I create an overlay network {string}")]
    public Task CreateOverlay(string host, string network) => lab.DockerOn(host).CreateNetworkAsync(network, "overlay");

    [Given("on {string} I create an attachable overlay network {string}")]
    [When("on {string} I create an attachable overlay network {string}")]
    public Task CreateAttachableOverlay(string host, string network) =>
        lab.DockerOn(host).CreateNetworkAsync(network, "overlay", attachable: true);

    [Then("on {string} the network {string} has the driver {string} and the scope {string}")]
    public async Task ThenDriverAndScope(string host, string network, string driver, string scope)
    {
        var row = await lab.DockerOn(host).WaitForNetworkAsync(network);
        lab.Expect.That(row.Driver == driver && row.Scope == scope, $"docker network ls on {host} should show {network} with the driver {driver} and the scope {scope}", () => $"it shows {row}");
    }

    [Then("on {string} the network {string} has the subnet {string}")]
    public async Task ThenSubnet(string host, string network, string subnet) =>
        lab.Expect.Contains((await lab.DockerOn(host).InspectNetworkAsync(network)).Subnets, subnet, $"docker network inspect {network} on {host} should show the subnet {subnet}", "subnets");

    [Given("on {string} a container {string} from {string} on the network {string}")]
    [When("on {string} a container {string} from {string} on the network {string}")]
    public async Task GivenContainer(string host, string name, string image, string network) =>
        (await lab.DockerOn(host).RunContainerAsync(name, image, network)).EnsureSuccess();

    [When("on {string} I start a container {string} from {string} on the network {string}")]
    public async Task WhenIStartContainer(string host, string name, string image, string network) =>
        commands.Keep(await lab.DockerOn(host).RunContainerAsync(name, image, network));

    [Then("it is refused with {string}")]
    public void ThenRefused(string text)
    {
        var r = commands.Last;
        lab.Expect.That(!r.Succeeded && (r.Stdout + r.Stderr).Contains(text, StringComparison.Ordinal), $"`{r.Command}` on {r.Where} should be refused with \"{text}\"",
            () => r.Succeeded ? "it succeeded" : "it was refused with other words");
    }

    [Then("on {string} the interface {string} of {string} has an address in {string} and the MTU {int}")]
    public async Task ThenInterfaceAddressAndMtu(string host, string iface, string container, string cidr, int mtu)
    {
        var all = await lab.DockerOn(host).ContainerInterfacesAsync(container);
        var facts = all.SingleOrDefault(i => i.Name == iface);
        lab.Expect.That(facts is not null, $"on {host} the container {container} should have the interface {iface}", () => $"it has {all.Names()}");
        lab.Expect.Equal(facts!.Mtu, mtu, $"on {host} the interface {iface} of {container} should have the MTU {mtu}");
        lab.Expect.That(facts.IPv4.Any(a => InterfaceAddress.InSubnet(a.Cidr, cidr)), $"on {host} the interface {iface} of {container} should have an address in {cidr}",
            () => $"it has {Expectation.Listing(facts.IPv4.Select(a => a.Cidr).ToList(), "addresses")}");
    }

    [Then("on {string} the interface {string} of {string} has an address in the subnet of {string} and the MTU {int}")]
    public async Task ThenInterfaceInNetworkSubnet(string host, string iface, string container, string network, int mtu)
    {
        await ThenInterfaceAddressAndMtu(host, iface, container, await OnlySubnetAsync(host, network), mtu);
    }

    [Then("on {string} the container {string} also has an interface in the network {string}")]
    public async Task ThenAlsoInterfaceIn(string host, string container, string network)
    {
        var subnet = await OnlySubnetAsync(host, network);
        var ifs = await lab.DockerOn(host).ContainerInterfacesAsync(container);
        lab.Expect.That(ifs.Any(i => i.IPv4.Any(a => InterfaceAddress.InSubnet(a.Cidr, subnet))), $"on {host} the container {container} should also have an interface in {network} ({subnet})",
            () => $"it has {string.Join("; ", ifs.Select(i => $"{i.Name} {string.Join(",", i.IPv4.Select(a => a.Cidr))}"))}");
    }

    [Given("on {string} the container {string} is stopped, because it has the same address as {string} on {string}")]
    public async Task GivenStoppedBecauseSameAddress(string host, string container, string other, string otherHost)
    {
        var mine = await lab.DockerOn(host).ContainerAddressAsync(container, "bridge");
        var theirs = await lab.DockerOn(otherHost).ContainerAddressAsync(other, "bridge");
        lab.Expect.Equal(mine, theirs, $"{container} on {host} should have the same address as {other} on {otherHost} (both docker0 bridges hand out 172.17.0.2 first)");
        await lab.DockerOn(host).StopAsync(container);
    }

    [When("on {string} the container {string} pings the address of {string} on {string} in the network {string}")]
    public async Task WhenPingsAddressOf(string host, string container, string target, string targetHost, string network)
    {
        var address = await lab.DockerOn(targetHost).ContainerAddressAsync(target, network);
        lab.Expect.That(!string.IsNullOrEmpty(address), $"{target} on {targetHost} should have an address in {network}", () => "it has none");
        await pings.FromContainerOnAsync(host, container, address);
    }

    [Then("while {string} on {string} pings {string} on {string}, the underlay carries VXLAN on UDP port {int} from {string} to {string} with {string} inside")]
    public async Task ThenUnderlayCarriesVxlan(string c1, string h1, string c2, string h2, int port, string from, string to, string inner)
    {
        var capture = await CaptureWhilePingingAsync(c1, h1, c2, h2, $"udp port {port}");
        ShouldCarry(capture, p => p.IsVxlanTo(port), from, to, inner, $"VXLAN on UDP {port}");
    }

    [Then("while {string} on {string} pings {string} on {string}, the underlay carries VXLAN with VNI {int} on UDP port {int} from {string} to {string} with {string} inside")]
    public async Task ThenUnderlayCarriesVxlanWithVni(string c1, string h1, string c2, string h2, int vni, int port, string from, string to, string inner)
    {
        var capture = await CaptureWhilePingingAsync(c1, h1, c2, h2, $"udp port {port}");
        ShouldCarry(capture, p => p.IsVxlanTo(port, vni), from, to, inner, $"VXLAN with VNI {vni} on UDP {port}");
    }

    [Then("while {string} on {string} pings {string} on {string}, the underlay carries GRE from {string} to {string} with {string} inside")]
    public async Task ThenUnderlayCarriesGre(string c1, string h1, string c2, string h2, string from, string to, string inner)
    {
        var capture = await CaptureWhilePingingAsync(c1, h1, c2, h2, "proto gre");
        ShouldCarry(capture, p => p.IsGre, from, to, inner, "GRE");
    }

    private async Task<string> OnlySubnetAsync(string host, string network)
    {
        var subnets = (await lab.DockerOn(host).InspectNetworkAsync(network)).Subnets;
        lab.Expect.Equal(subnets.Count, 1, $"docker network inspect {network} on {host} should show one subnet");
        return subnets[0];
    }

    private async Task<CaptureResult> CaptureWhilePingingAsync(string c1, string h1, string c2, string h2, string filter)
    {
        var network = await FirstCommonNetworkAsync(c1, h1, c2, h2);
        var address = await lab.DockerOn(h2).ContainerAddressAsync(c2, network);
        var capture = new UnderlayCapture(lab.Environment, lab.Evidence);
        // 12, not 6: "-i any" sees each packet twice, and a new tunnel's first ones are often IPv6 router solicitations and ARP
        return await capture.CaptureWhileAsync(filter, count: 12, async ct => await lab.DockerOn(h1).PingQuicklyAsync(c1, address, ct), near: lab.Environment.Host(h2));
    }

    private async Task<string> FirstCommonNetworkAsync(string c1, string h1, string c2, string h2)
    {
        var n1 = await lab.DockerOn(h1).ContainerNetworksAsync(c1);
        var n2 = await lab.DockerOn(h2).ContainerNetworksAsync(c2);
        return n1.Intersect(n2).FirstOrDefault() ?? n2.First();
    }

    private void ShouldCarry(CaptureResult capture, Func<CapturedPacket, bool> kind, string from, string to, string inner, string what)
    {
        var src = lab.HostNamed(from).Address.ToString();
        var dst = lab.HostNamed(to).Address.ToString();
        var matching = capture.Packets.Where(p => kind(p) && p.OuterSource == src && p.OuterDestination == dst && p.Carries(inner)).ToList();
        lab.Expect.That(matching.Count > 0, $"the underlay should carry {what} from {from} ({src}) to {to} ({dst}) with \"{inner}\" inside",
            () => $"none of the {capture.Packets.Count} captured packets is one:\n{capture.Tcpdump.ToTranscript()}");
        lab.Evidence.Record(new EvidenceItem($"{what} from {from} to {to}",
            $"{matching.Count} of {capture.Packets.Count} captured packet(s) match, e.g.\n{matching[0].Raw}\n{matching[0].Inner}"));
    }
}
