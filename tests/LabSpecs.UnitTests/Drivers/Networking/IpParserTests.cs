using NUnit.Framework;
using LabSpecs.Drivers.Networking;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Networking;

public class IpParserTests
{
    private static string Show<T>(IEnumerable<T> items) => string.Join("\n", items);

    [Test]
    public void Ip_j_addr_gives_the_docker0_bridge_with_its_gateway_address()
    {
        var interfaces = IpJsonParser.ParseInterfaces(Recorded.Read("ip-j-addr.json"));

        var docker0 = interfaces.Single(i => i.Name == "docker0");
        docker0.IPv4.Select(a => a.Cidr).ShouldBe(["172.17.0.1/16"], Show(interfaces));
        docker0.State.ShouldBe("UP");
        docker0.Mtu.ShouldBe(1500);
        docker0.MacAddress.ShouldBe("02:42:23:79:85:80");
    }

    [Test]
    public void Ip_d_j_link_shows_veths_enslaved_to_the_user_bridge_with_their_peer_index()
    {
        var links = IpJsonParser.ParseInterfaces(Recorded.Read("ip-d-j-link.json"));

        var onUserBridge = links.Where(l => l.Master == "br-53567cb72201").ToList();
        onUserBridge.Count.ShouldBe(2, Show(links));
        onUserBridge.ShouldAllBe(l => l.IsVeth && l.Kind == "veth" && l.PeerIndex != null, Show(onUserBridge));
        links.Single(l => l.Name == "veth3eaa3d9").PeerIndex.ShouldBe(6, Show(links));
        links.Single(l => l.Name == "br-53567cb72201").Kind.ShouldBe("bridge", Show(links));
    }

    [Test]
    public void Ip_j_link_without_details_still_gives_master_and_peer()
    {
        var links = IpJsonParser.ParseInterfaces(Recorded.Read("ip-j-link.json"));

        links.Count(l => l.Master == "docker0").ShouldBe(2, Show(links));
        links.Single(l => l.Name == "veth3eaa3d9").IsVeth.ShouldBeTrue(Show(links));
    }

    [Test]
    public void Ip_j_route_gives_the_default_route_and_the_bridge_subnets()
    {
        var routes = IpJsonParser.ParseRoutes(Recorded.Read("ip-j-route.json"));

        routes.Single(r => r.IsDefault).Gateway.ShouldBe("192.168.205.1", Show(routes));
        var bridge = routes.Single(r => r.Destination == "172.22.0.0/16");
        bridge.Device.ShouldBe("br-53567cb72201", Show(routes));
        bridge.PreferredSource.ShouldBe("172.22.0.1");
        bridge.Scope.ShouldBe("link");
    }

    [Test]
    public void Text_ip_addr_agrees_with_the_json_form_of_the_same_host()
    {
        var fromText = IpTextParser.ParseAddr(Recorded.Read("ip-addr.txt"));
        var fromJson = IpJsonParser.ParseInterfaces(Recorded.Read("ip-j-addr.json"));

        fromText.Select(i => i.Name).ShouldBe(fromJson.Select(i => i.Name), Show(fromText));
        foreach (var (t, j) in fromText.Zip(fromJson))
        {
            t.Addresses.Select(a => a.Cidr).ShouldBe(j.Addresses.Select(a => a.Cidr), $"{t}\nvs\n{j}");
            t.Master.ShouldBe(j.Master, $"{t}\nvs\n{j}");
            t.MacAddress.ShouldBe(j.MacAddress, $"{t}\nvs\n{j}");
        }
    }

    [Test]
    public void Busybox_ip_addr_inside_a_container_gives_eth0_with_its_host_veth_index()
    {
        var interfaces = IpTextParser.ParseAddr(Recorded.Read("busybox-ip-addr.txt"));

        var eth0 = interfaces.Single(i => i.Name == "eth0");
        eth0.HasAddress("172.22.0.2/16").ShouldBeTrue(Show(interfaces));
        eth0.PeerIndex.ShouldBe(7, "eth0@if7 pairs with host ifindex 7 (veth3eaa3d9)");
        eth0.MacAddress.ShouldBe("02:42:ac:16:00:02");
    }

    [Test]
    public void Container_eth0_peer_index_finds_its_veth_on_the_host()
    {
        var eth0 = IpTextParser.ParseAddr(Recorded.Read("busybox-ip-addr.txt")).Single(i => i.Name == "eth0");
        var host = IpJsonParser.ParseInterfaces(Recorded.Read("ip-d-j-link.json"));

        var veth = host.Single(i => i.Index == eth0.PeerIndex);
        veth.Name.ShouldBe("veth3eaa3d9", Show(host));
        veth.Master.ShouldBe("br-53567cb72201");
    }

    [Test]
    public void Text_ip_route_agrees_with_the_json_form()
    {
        var text = IpTextParser.ParseRoutes(Recorded.Read("ip-route.txt"));
        var json = IpJsonParser.ParseRoutes(Recorded.Read("ip-j-route.json"));

        text.ShouldBe(json, Show(text) + "\nvs\n" + Show(json));
    }

    [Test]
    public void Busybox_ip_route_gives_the_containers_default_gateway()
    {
        var routes = IpTextParser.ParseRoutes(Recorded.Read("busybox-ip-route.txt"));

        routes.Single(r => r.IsDefault).Gateway.ShouldBe("172.22.0.1", Show(routes));
    }

    [Test]
    public void Ip_netns_list_gives_names_and_ids()
    {
        var namespaces = IpTextParser.ParseNetnsList(Recorded.Read("ip-netns-list.txt"));

        namespaces.ShouldContain(new NetworkNamespace("x-drv", 0), Show(namespaces));
        namespaces.ShouldContain(new NetworkNamespace("x-drv-peer", 1), Show(namespaces));
    }

    [Test]
    public void Output_that_is_not_json_fails_with_the_output_in_the_message()
    {
        var e = Should.Throw<FormatException>(() => IpJsonParser.ParseInterfaces("Object \"addr\" is unknown"));

        e.Message.ShouldContain("Object \"addr\" is unknown");
    }
}
