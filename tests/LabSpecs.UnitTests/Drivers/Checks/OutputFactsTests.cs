using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Drivers.Compose;
using LabSpecs.Drivers.Underlay;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Checks;

/// <summary>
/// Steps that passed on unrelated output (issue 21 item 5), each on real output recorded from an embedded host
/// (dockerd 20.10.24; Recorded/README.md, Drivers/MultiHost/Recorded/README.md): the check holds where its words are true and fails
/// where they are false — where the old check passed.
/// </summary>
public class OutputFactsTests
{
    private static string Cli(string file) => Recorded.Read(Path.Combine("Cli", file));

    [Test]
    public void Pwd_printed_the_line_slash()
    {
        LabFacts.HasLine(Cli("docker-run-i-busybox-pwd-ls-ifconfig.txt"), "/", "docker run -i test3");
    }

    [Test]
    public void Pwd_in_another_directory_printed_no_line_slash_although_the_output_contains_slashes()
    {
        // docker run -i -w /root: pwd prints /root
        var output = Cli("docker-run-i-w-root-busybox-pwd-ls.txt");
        output.ShouldContain("/", Case.Sensitive, "the old check (`the output contains \"/\"`) passed on this output");

        var e = Should.Throw<LabFactException>(() => LabFacts.HasLine(output, "/", "docker run -i test5"));

        e.Message.ShouldContain("should have printed the line \"/\"");
    }

    [Test]
    public void An_exposed_port_that_is_not_published_shows_as_80_tcp_alone()
    {
        LabFacts.ContainerPorts(Cli("docker-ps-nginx-unpublished.txt"), "demo", "80/tcp")["PORTS"].ShouldBe("80/tcp");
    }

    [Test]
    public void A_published_port_is_not_the_unpublished_80_tcp()
    {
        var ps = Cli("docker-ps-demo.txt");
        ps.ShouldContain("80/tcp", Case.Sensitive, "the old check (`the output contains \"80/tcp\"`) passed on this output");

        var e = Should.Throw<LabFactException>(() => LabFacts.ContainerPorts(ps, "demo", "80/tcp"));

        e.Message.ShouldContain("0.0.0.0:32768->80/tcp");
    }

    [Test]
    public void A_fetch_that_could_not_connect_failed()
    {
        LabFacts.Failed(Curl(7, Cli("curl-failed-to-connect.txt"), "curl"));
    }

    [Test]
    public void A_fetch_whose_curl_is_missing_did_not_fail_it_did_not_run()
    {
        var e = Should.Throw<LabFactException>(() => LabFacts.Failed(Curl(127, Cli("curl-not-found.txt"), "curlx")));

        e.Message.ShouldContain("did not run (exit code 127");
        e.Message.ShouldContain("curlx: not found");
    }

    [Test]
    public void A_fetch_that_succeeded_did_not_fail()
    {
        Should.Throw<LabFactException>(() => LabFacts.Failed(Curl(0, "", "curl"))).Message.ShouldContain("it succeeded");
    }

    [Test]
    public void A_name_resolves_to_the_address_of_its_container()
    {
        var lookup = Lookup(0, Recorded.MultiHost("nslookup-voting-app-front-tier.txt"));

        LabFacts.ResolvesTo(lookup, "voting-app", ["172.19.0.2", "172.18.0.4"]).ShouldBe(["172.19.0.2"]);
        LabFacts.ResolvesTo(Lookup(0, Recorded.MultiHost("getent-hosts-db.txt")), "db", ["172.18.0.2"]).ShouldBe(["172.18.0.2"]);
    }

    [Test]
    public void The_resolvers_own_address_is_no_answer()
    {
        // busybox nslookup exits 0 printing only "Server/Address: 127.0.0.11:53" when the name has no IPv4 answer (here
        // -type=AAAA): the old check (exit 0 and any dotted quad) passed on it
        var output = Recorded.MultiHost("nslookup-type-aaaa-voting-app-front-tier.txt");
        output.ShouldMatch(@"\d+\.\d+\.\d+\.\d+");

        var e = Should.Throw<LabFactException>(() => LabFacts.ResolvesTo(Lookup(0, output), "voting-app", ["172.19.0.2"]));

        e.Message.ShouldContain("found no address");
    }

    [Test]
    public void A_lookup_that_timed_out_found_nothing()
    {
        var e = Should.Throw<LabFactException>(() =>
            LabFacts.ResolvesTo(Lookup(1, Recorded.MultiHost("nslookup-db-front-tier.txt")), "db", ["172.18.0.2"]));

        e.Message.ShouldContain("no servers could be reached");
    }

    [Test]
    public void A_name_that_resolves_to_another_address_does_not_reach_the_named_container()
    {
        var e = Should.Throw<LabFactException>(() =>
            LabFacts.ResolvesTo(Lookup(0, Recorded.MultiHost("nslookup-voting-app-front-tier.txt")), "voting-app", ["172.19.0.9"]));

        e.Message.ShouldContain("it resolved to 172.19.0.2");
    }

    [Test]
    public void Service_inspect_pretty_shows_the_replicas_and_the_published_port()
    {
        var pretty = Recorded.MultiHost("docker-service-inspect-pretty-80-1-replica.txt");

        LabFacts.ShowsLine(pretty, "Replicas: 1", "docker service inspect myapp2 --pretty");
        LabFacts.ShowsLine(pretty, "PublishedPort = 80", "docker service inspect myapp2 --pretty");
    }

    [Test]
    public void Replicas_12_and_port_8080_are_not_replicas_1_and_port_80()
    {
        var pretty = Recorded.MultiHost("docker-service-inspect-pretty-8080-12-replicas.txt");
        var squeezed = System.Text.RegularExpressions.Regex.Replace(pretty, @"[ \t]+", " ");
        squeezed.ShouldContain("Replicas: 1", Case.Sensitive, "the old check (a substring) passed on this output");
        squeezed.ShouldContain("PublishedPort = 80", Case.Sensitive, "the old check (a substring) passed on this output");

        Should.Throw<LabFactException>(() => LabFacts.ShowsLine(pretty, "Replicas: 1", "myapp")).Message.ShouldContain("should show \"Replicas: 1\"");
        Should.Throw<LabFactException>(() => LabFacts.ShowsLine(pretty, "PublishedPort = 80", "myapp"));
    }

    [Test]
    public void Compose_ports_are_matched_item_by_item()
    {
        var voting = ComposeProject.ParseContainers(Recorded.MultiHost("docker-ps-json-compose.txt")).Single(c => c.Service == "voting-app");

        LabFacts.PortsInclude(voting.Ports, "0.0.0.0:5000->80/tcp", "voting-app");
        Should.Throw<LabFactException>(() => LabFacts.PortsInclude(voting.Ports, "0.0.0.0:5000->5000/tcp", "voting-app"));
        Should.Throw<LabFactException>(() => LabFacts.PortsInclude(voting.Ports, "0.0.0:5000->80/tcp", "voting-app"),
            "a part of an item is not the item");
    }

    [Test]
    public void Whoami_answers_count_one_replica_per_hostname()
    {
        var answers = HttpProbe.Collect("docker-node1", "http://192.168.205.10:80/", 6, Run(Recorded.MultiHost("curl-whoami-behind-haproxy.txt")));

        answers.Replicas.Count.ShouldBe(3);
        answers.NotFromAReplica.ShouldBe(0);
    }

    [Test]
    public void A_balancers_error_page_is_no_replica()
    {
        // the web containers stopped: haproxy answers 503 — one distinct first line, which the old check counted as a replica
        var answers = HttpProbe.Collect("docker-node1", "http://192.168.205.10:80/", 3, Run(Recorded.MultiHost("curl-haproxy-503.txt")));
        answers.Distinct.ShouldBe(1);

        answers.Replicas.ShouldBeEmpty(answers.Describe());
        answers.NotFromAReplica.ShouldBe(3);
    }

    [Test]
    public void The_first_network_of_a_fresh_engine_has_the_handbooks_172_18()
    {
        var network = DockerNetworkOutput.ParseInspect(Cli("docker-network-inspect-my-bridge-fresh-engine.json"));

        var (seen, isChecked) = LabFacts.HandbookValuesOnAFreshEngine(network, Cli("docker-events-fresh-engine.txt"), "172.18.0.0/16", "172.18.0.1");

        isChecked.ShouldBeTrue(seen);
        seen.ShouldContain("is the engine's first network");
    }

    [Test]
    public void On_a_fresh_engine_another_subnet_fails()
    {
        var network = DockerNetworkOutput.ParseInspect(Cli("docker-network-inspect-my-bridge-fresh-engine.json"));

        var e = Should.Throw<LabFactException>(() =>
            LabFacts.HandbookValuesOnAFreshEngine(network, Cli("docker-events-fresh-engine.txt"), "172.19.0.0/16", "172.19.0.1"));

        e.Message.ShouldContain("subnet 172.18.0.0/16, gateway 172.18.0.1");
    }

    [Test]
    public void An_engine_that_made_networks_before_is_not_held_to_the_handbooks_values()
    {
        var network = DockerNetworkOutput.ParseInspect(Cli("docker-network-inspect-my-bridge-used-engine.json"));

        var (seen, isChecked) = LabFacts.HandbookValuesOnAFreshEngine(network, Cli("docker-events-used-engine.txt"), "172.18.0.0/16", "172.18.0.1");

        isChecked.ShouldBeFalse();
        seen.ShouldStartWith("not checked: the engine is not fresh");
    }

    private static ExecResult Curl(int exitCode, string stderr, string command) =>
        new($"{command} -sS --max-time 5 http://172.17.0.2:80/", "underlay", exitCode, "", stderr, TimeSpan.Zero);

    private static ExecResult Lookup(int exitCode, string stdout) => new("docker exec client nslookup", "docker-node1", exitCode, stdout, "", TimeSpan.Zero);

    private static ExecResult Run(string stdout) => new("for i in ...; do curl ...; done", "docker-node1", 0, stdout, "", TimeSpan.Zero);

    [Test]
    public void A_default_bridge_that_names_no_gateway_is_noted_as_differing_from_the_handbook()
    {
        LabFacts.GatewayDifference(DockerNetworkOutput.ParseInspect(Cli("docker-network-inspect-bridge-first-start.json")), "172.17.0.0/16", "172.17.0.1")
            .ShouldNotBeNull().ShouldContain("names no Gateway");
        LabFacts.GatewayDifference(DockerNetworkOutput.ParseInspect(Cli("docker-network-inspect-my-bridge-fresh-engine.json")), "172.18.0.0/16", "172.18.0.1")
            .ShouldBeNull("inspect names the gateway: nothing differs");
    }

    [Test]
    public void Compose_v1_names_are_the_handbooks()
    {
        var containers = ComposeProject.ParseContainers(Recorded.MultiHost("docker-ps-json-compose.txt"));

        LabFacts.ComposeNamesDifference(containers, "examplevotingapp").ShouldBeNull();
        LabFacts.ComposeNamesDifference(containers.Select(c => c with { Name = c.Name.Replace('_', '-') }).ToList(), "examplevotingapp")
            .ShouldNotBeNull().ShouldContain("examplevotingapp-voting-app-1");
    }
}
