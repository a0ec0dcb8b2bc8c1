using LabSpecs.UnitTests.Drivers;
using LabSpecs.Drivers.Docker;
using LabSpecs.Drivers.DockerCommands;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.DockerCommands;

/// <summary>Parsers of the docker CLI driver, on real recorded output (Recorded/Cli/README.md).</summary>
public sealed class DockerCommandLineParserTests
{
    [Test]
    public void Docker_images_cells_keep_their_spaces_and_columns_with_spaced_headers()
    {
        var rows = CliTable.Parse(Recorded.Read(Path.Combine("Cli", "docker-images.txt")));

        rows.Count.ShouldBe(3);
        rows[0]["REPOSITORY"].ShouldBe("xiaopeng163/redis");
        rows[0]["TAG"].ShouldBe("0.1");
        rows[0]["IMAGE ID"].ShouldBe("adb54d52edbc");
        rows[0]["CREATED"].ShouldBe("Less than a second ago");
        rows[1]["SIZE"].ShouldBe("1.98MB");
    }

    [Test]
    public void Docker_network_ls_lists_the_three_default_networks_with_their_drivers()
    {
        var rows = CliTable.Parse(Recorded.Read(Path.Combine("Cli", "docker-network-ls.txt")));

        rows.Select(r => (r["NAME"], r["DRIVER"])).ShouldBe([("bridge", "bridge"), ("host", "host"), ("none", "null")]);
    }

    [Test]
    public void The_default_bridge_is_docker0_with_its_subnet_and_no_containers()
    {
        var bridge = DockerNetworkOutput.ParseInspect(Recorded.Read(Path.Combine("Cli", "docker-network-inspect-bridge.json")));

        bridge.Name.ShouldBe("bridge");
        bridge.LinuxBridge.ShouldBe("docker0");
        bridge.Ipam.ShouldBe([new IpamPool("172.17.0.0/16", null)]);
        bridge.Containers.ShouldBeEmpty();
        bridge.Options["com.docker.network.bridge.enable_ip_masquerade"].ShouldBe("true");
    }

    [Test]
    public void A_user_defined_bridge_is_named_br_and_the_first_12_characters_of_its_id()
    {
        var net = DockerNetworkOutput.ParseInspect(Recorded.Read(Path.Combine("Cli", "docker-network-inspect-my-bridge.json")));

        net.LinuxBridge.ShouldBe("br-" + net.Id[..12]);
        net.Ipam.ShouldBe([new IpamPool("172.18.0.0/16", "172.18.0.1")]);
        net.Ipam[0].GatewayCidr.ShouldBe("172.18.0.1/16");
    }

    [Test]
    public void Network_inspect_lists_connected_containers_with_their_addresses()
    {
        var net = DockerNetworkOutput.ParseInspect(Recorded.Read(Path.Combine("Cli", "docker-network-inspect-demo-bridge.json")));

        net.Container("test1")!.IPv4Address.ShouldBe("172.20.0.2/16");
        net.Container("test2")!.IPv4Address.ShouldBe("172.20.0.3/16");
        net.Container("test3").ShouldBeNull();
    }

    [Test]
    public void Docker_version_reads_the_negotiated_client_api_version_and_the_engine_version()
    {
        var v = DockerVersionReport.ParseJson(Recorded.Read(Path.Combine("Cli", "docker-version.json")));

        v.Client.Version.ShouldBe("28.2.2");
        v.Client.ApiVersion.ShouldBe("1.41");
        v.Server.Version.ShouldBe("20.10.24+dfsg1");
        v.Server.ApiVersion.ShouldBe("1.41");
    }

    [Test]
    public void Output_that_is_not_network_inspect_fails_with_the_output_in_the_message() =>
        Should.Throw<LabSpecs.Core.LabSpecsException>(() => DockerNetworkOutput.ParseInspect("Error: No such network: nope"))
            .Message.ShouldContain("No such network: nope");
}
