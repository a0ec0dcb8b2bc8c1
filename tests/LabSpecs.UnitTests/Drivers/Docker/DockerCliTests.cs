using LabSpecs.Drivers.DockerCommands;
using NUnit.Framework;
using LabSpecs.Drivers.Docker;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Docker;

public class DockerCliTests
{
    [Test]
    public void Network_create_reads_like_the_handbook()
    {
        DockerCli.NetworkCreate(new NetworkSpec("my-bridge")).ShouldBe("docker network create -d bridge my-bridge");
        DockerCli.NetworkCreate(new NetworkSpec("demo") { Subnet = "172.22.0.0/16" })
            .ShouldBe("docker network create -d bridge --subnet 172.22.0.0/16 demo");
    }

    [Test]
    public void Detached_run_lists_name_network_ports_and_command_in_cli_order()
    {
        var spec = new ContainerSpec("busybox")
        {
            Name = "test1", Network = "my-bridge", Ports = [PortMapping.Parse("80:80")], Env = new Dictionary<string, string> { ["A"] = "b c" },
        }.WithCommand("sleep", "3600");

        DockerCli.Run(spec, detached: true).ShouldBe("docker run -d --name test1 --network=my-bridge -p 80:80 -e 'A=b c' busybox sleep 3600");
    }

    [Test]
    public void Run_to_completion_with_rm_and_host_network()
    {
        var spec = new ContainerSpec("busybox") { Remove = true, Network = "host" }.WithCommand("echo", "hi");

        DockerCli.Run(spec, detached: false).ShouldBe("docker run --rm --net=host busybox echo hi");
    }

    [Test]
    public void Exec_quotes_words_that_need_it()
    {
        DockerCli.Exec("test1", ["ping", "-c", "3", "test2"]).ShouldBe("docker exec test1 ping -c 3 test2");
        DockerCli.Exec("test1", ["sh", "-c", "ip a | grep eth0"]).ShouldBe("docker exec test1 sh -c 'ip a | grep eth0'");
    }

    [Test]
    public void Ps_shows_all_quiet_and_filters()
    {
        DockerCli.Ps(new ContainerFilter(All: true, Status: "exited"), quiet: true).ShouldBe("docker ps -a -q --filter status=exited");
        DockerCli.Ps(new ContainerFilter(), quiet: false).ShouldBe("docker ps");
    }

    [Test]
    public void Build_names_the_dockerfile_only_when_it_is_not_the_default()
    {
        DockerCli.Build("/labs/app", "app:1", "Dockerfile").ShouldBe("docker build -t app:1 /labs/app");
        DockerCli.Build("/labs/app", "app:1", "Dockerfile.dev").ShouldBe("docker build -t app:1 -f Dockerfile.dev /labs/app");
    }

    [TestCase("80", 80, "tcp", null, null)]
    [TestCase("80:80", 80, "tcp", 80, null)]
    [TestCase("8080:80", 80, "tcp", 8080, null)]
    [TestCase("53:53/udp", 53, "udp", 53, null)]
    [TestCase("127.0.0.1:8080:80", 80, "tcp", 8080, "127.0.0.1")]
    [TestCase("127.0.0.1::80", 80, "tcp", null, "127.0.0.1")]
    public void Port_mappings_parse_like_docker_run_p(string text, int container, string proto, int? host, string? ip)
    {
        var p = PortMapping.Parse(text);

        p.ShouldBe(new PortMapping(container, proto, host, ip));
        p.ToString().ShouldBe(text, "rendering gives back the flag as typed");
    }

    [Test]
    public void A_port_mapping_that_is_not_one_says_what_is_expected()
    {
        Should.Throw<FormatException>(() => PortMapping.Parse("http")).Message.ShouldContain("80:80");
    }

    [TestCase("busybox", "busybox", "latest")]
    [TestCase("busybox:1.36", "busybox", "1.36")]
    [TestCase("localhost:5000/library/busybox", "localhost:5000/library/busybox", "latest")]
    [TestCase("localhost:5000/library/busybox:1.36", "localhost:5000/library/busybox", "1.36")]
    public void Image_references_split_into_repository_and_tag(string reference, string repo, string tag)
    {
        DockerEngine.SplitReference(reference).ShouldBe((repo, tag));
    }

    // the engine API's answer and the CLI's output are the same JSON (the CLI prints the API's network in an array):
    // both mappings read the recorded real output into the one model, with the one bridge-name rule
    [TestCase("docker-network-inspect-bridge.json", "docker0")]
    [TestCase("docker-network-inspect-my-bridge-2010.json", "br-d8dab0cec93f")]
    [TestCase("docker-network-inspect-demo-bridge.json", null)]
    public void The_api_and_the_cli_read_a_recorded_network_alike_with_its_linux_bridge(string file, string? bridge)
    {
        var json = Recorded.Read(Path.Combine("Cli", file));
        var fromCli = DockerNetworkOutput.ParseInspect(json);
        var fromApi = DockerMapping.ToDetails(System.Text.Json.JsonSerializer.Deserialize<global::Docker.DotNet.Models.NetworkResponse[]>(json)![0]);

        fromCli.BridgeName.ShouldBe(bridge ?? "br-" + fromCli.Id[..12]);
        (fromApi.Id, fromApi.Name, fromApi.Driver, fromApi.BridgeName, string.Join(",", fromApi.Ipam), fromApi.Attachable)
            .ShouldBe((fromCli.Id, fromCli.Name, fromCli.Driver, fromCli.BridgeName, string.Join(",", fromCli.Ipam), fromCli.Attachable));
        fromApi.Containers.ShouldBe(fromCli.Containers);
    }

    [Test]
    public void Bridge_name_comes_from_the_option_or_from_the_network_id()
    {
        var none = new Dictionary<string, string>();
        var id = "53567cb722010a9db4982a1e40b8105aead7b81f0cc73d0f9ae4df5840932992";
        new NetworkDetails(id, "my-bridge", "bridge", "local", [], none, none, [], "").BridgeName.ShouldBe("br-53567cb72201");
        new NetworkDetails(id, "bridge", "bridge", "local", [], new Dictionary<string, string> { [NetworkDetails.BridgeNameOption] = "docker0" }, none, [], "")
            .BridgeName.ShouldBe("docker0");
        new NetworkDetails(id, "host", "host", "local", [], none, none, [], "").BridgeName.ShouldBeNull();
    }

    [Test]
    public void Tables_pad_columns_like_the_docker_cli()
    {
        var table = DockerTables.Networks([new NetworkSummary("21ee28d39561098fb921", "bridge", "bridge", "local"), new NetworkSummary("53567cb72201aaaa", "my-bridge", "bridge", "local")]);

        table.ShouldBe(
            "NETWORK ID     NAME        DRIVER   SCOPE\n" +
            "21ee28d39561   bridge      bridge   local\n" +
            "53567cb72201   my-bridge   bridge   local\n", table);
    }

    [Test]
    public void Engine_error_bodies_give_the_engines_message()
    {
        DockerEngineException.MessageFromBody("{\"message\":\"network with name my-bridge already exists\"}\n")
            .ShouldBe("network with name my-bridge already exists");
        DockerEngineException.MessageFromBody("404 page not found\n").ShouldBe("404 page not found");
    }
}
