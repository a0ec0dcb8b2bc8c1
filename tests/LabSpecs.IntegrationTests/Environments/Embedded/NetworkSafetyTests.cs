using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Environments.Embedded;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.IntegrationTests.Environments.Embedded;

/// <summary>Hard rule: lab addresses exist only inside the project's namespaces; nothing of a lab can reach beyond the machine.</summary>
[TestFixture, Category("environment"), NonParallelizable]
public sealed class NetworkSafetyTests
{
    private EmbeddedEnvironment _env = null!;

    [OneTimeSetUp]
    public async Task CreateSingleHost() => _env = (EmbeddedEnvironment)await LabEnvironments.GetAsync("two-node", new ProgressToTestContext());

    [OneTimeTearDown]
    public async Task RemoveIt() => await LabEnvironments.RemoveAsync(_env);

    [Test]
    public async Task Connecting_to_a_lab_address_from_the_root_namespace_fails_locally_as_unreachable()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var clock = Stopwatch.StartNew();

        var error = await Should.ThrowAsync<SocketException>(async () =>
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse("192.168.205.11"), 22)).WaitAsync(TimeSpan.FromSeconds(10)));

        // EHOSTUNREACH comes from the local unreachable route; a packet sent out would end in a timeout instead.
        error.SocketErrorCode.ShouldBeOneOf([SocketError.HostUnreachable, SocketError.NetworkUnreachable], $"after {clock.Elapsed.TotalSeconds:0.00} s: {error.Message}");
    }

    [Test]
    public async Task The_root_namespace_has_unreachable_routes_for_every_lab_subnet_and_none_for_the_dns_server()
    {
        var routes = await LocalProcess.RunAsync("ip", ["-4", "route", "show", "type", "unreachable"], TimeSpan.FromSeconds(5));
        var get = await LocalProcess.RunAsync("ip", ["route", "get", "10.255.255.53"], TimeSpan.FromSeconds(5));

        // every lab subnet; a cluster topology (provider kubernetes) has hosts elsewhere and no lab subnet
        foreach (var topology in EnvironmentFile.Load().Values.Where(t => t.Hosts.Count > 0)) routes.Stdout.ShouldContain($"unreachable {topology.Subnet}", customMessage: routes.Stdout);
        get.Stdout.ShouldContain("dev eth0", customMessage: get.ToTranscript());
    }

    [Test]
    public async Task No_lab_namespace_has_a_default_route()
    {
        foreach (var ns in Teardown.NetnsNames(_env.Id))
        {
            var r = await LocalProcess.RunAsync("ip", ["-n", ns, "route", "show", "default"], TimeSpan.FromSeconds(5));
            r.ExitCode.ShouldBe(0, r.ToTranscript());
            r.Stdout.Trim().ShouldBeEmpty($"namespace {ns} has a default route:\n{r.Stdout}");
        }

        // and none inside a host after dockerd set up its bridge
        (await _env.Host("docker-node1").ExecAsync("ip route show default")).Stdout.Trim().ShouldBeEmpty();
    }

    [Test]
    public async Task No_link_of_the_lab_is_in_the_root_namespace_and_nothing_is_bridged_to_eth0()
    {
        var links = await LocalProcess.RunAsync("ip", ["-o", "link", "show"], TimeSpan.FromSeconds(5));
        var eth0 = await LocalProcess.RunAsync("ip", ["-o", "link", "show", "eth0"], TimeSpan.FromSeconds(5));

        foreach (var host in _env.Hosts) links.Stdout.ShouldNotContain($" {host.Name}@", customMessage: links.Stdout);
        links.Stdout.ShouldNotContain(" ls-", customMessage: links.Stdout);
        eth0.Stdout.ShouldNotContain(" master ", customMessage: eth0.Stdout);
    }

    [Test]
    public async Task A_pull_of_an_image_the_catalog_lacks_fails_at_once_without_leaving_the_machine()
    {
        var r = await _env.Host("docker-node1").ExecAsync("docker pull no-such-image-anywhere", TimeSpan.FromSeconds(30));

        r.ExitCode.ShouldNotBe(0, r.ToTranscript());
        r.Stderr.ShouldContain("unreachable", Case.Insensitive, r.ToTranscript());
    }
}
