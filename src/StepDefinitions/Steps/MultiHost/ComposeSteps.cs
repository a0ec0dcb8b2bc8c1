using System.Text.RegularExpressions;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.MultiHost;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps.MultiHost;

[Binding]
public sealed partial class ComposeSteps(MultiHostContext ctx, FeatureContext feature)
{
    [Given("the compose project {string} from {string} is up on {string}")]
    public async Task GivenComposeUp(string project, string directory, string host)
    {
        var compose = new ComposeProject(ctx.Host(host), project, ctx.Evidence);
        ctx.OnCleanup($"docker-compose down ({project})", ct => compose.DownAsync(ct), CleanupCost.Costly);
        ctx.Compose = compose;
        await compose.CopyFilesAsync(ComposeFiles.Read(feature.FeatureInfo.FolderPath, directory));
        await compose.UpAsync();
        await compose.PsAsync();
    }

    [Then("the compose project has the running containers:")]
    public async Task ThenRunningContainers(Table table)
    {
        var compose = ctx.RequireCompose();
        var containers = await compose.ContainersAsync();
        var seen = string.Join('\n', containers.Select(c => $"{c.Name} [{c.State}] {string.Join(",", c.Networks)}"));
        containers.Count.ShouldBe(table.Rows.Count, seen);
        foreach (var row in table.Rows)
        {
            var c = containers.SingleOrDefault(x => x.Service == row["service"]).ShouldNotBeNull($"no container of {row["service"]}:\n{seen}");
            c.State.ShouldBe("running", seen);
            var expected = row["networks"].Split(',', StringSplitOptions.TrimEntries).Select(n => $"{compose.Project}_{n}").Order();
            c.Networks.Order().ShouldBe(expected, $"networks of {c.Name}");
        }
    }

    [Then("the compose project has {int} running container(s) of {string} and {int} of {string}")]
    public async Task ThenCounts(int n1, string s1, int n2, string s2)
    {
        var containers = await ctx.RequireCompose().ContainersAsync();
        containers.Count(c => c.Service == s1 && c.State == "running").ShouldBe(n1);
        containers.Count(c => c.Service == s2 && c.State == "running").ShouldBe(n2);
    }

    [Then("on {string} the network {string} has exactly the containers {string}")]
    public async Task ThenNetworkHasContainers(string host, string network, string names)
    {
        var info = await ctx.Docker(host).InspectNetworkAsync(network);
        info.Containers.Select(c => c.Name).Order().ShouldBe(names.Split(',', StringSplitOptions.TrimEntries).Order());
    }

    [Then("every container's address is inside the subnet of its network")]
    public async Task ThenAddressesInSubnets()
    {
        var compose = ctx.RequireCompose();
        var docker = ctx.Docker(compose.Host);
        var networks = (await compose.ContainersAsync()).SelectMany(c => c.Networks).Distinct();
        foreach (var name in networks)
        {
            var net = await docker.InspectNetworkAsync(name);
            var subnet = net.Subnets.ShouldHaveSingleItem();
            foreach (var c in net.Containers)
            {
                OverlaySteps.InSubnet(c.IPv4Address, subnet).ShouldBeTrue($"{c.Name} has {c.IPv4Address}, outside {subnet} of {name}");
            }
        }
    }

    [Then("the compose project publishes {string} for {string}")]
    public Task ThenPublishesOne(string port, string service) => ThenPublishes(port, service, "", "");

    [Then("the compose project publishes {string} for {string} and {string} for {string}")]
    public async Task ThenPublishes(string port1, string service1, string port2, string service2)
    {
        var containers = await ctx.RequireCompose().ContainersAsync();
        foreach (var (port, service) in new[] { (port1, service1), (port2, service2) }.Where(p => !string.IsNullOrEmpty(p.Item1)))
        {
            containers.Single(c => c.Service == service).Ports.ShouldContain(port);
        }
    }

    [Then("the compose project publishes port {int} of {string} on a random host port")]
    public async Task ThenRandomPort(int port, string service)
    {
        var ports = (await ctx.RequireCompose().ContainersAsync()).Single(c => c.Service == service).Ports;
        var m = Regex.Match(ports, $@"0\.0\.0\.0:(\d+)->{port}/tcp");
        m.Success.ShouldBeTrue(ports);
        var compose = ctx.RequireCompose();
        LabFacts.EphemeralPort(int.Parse(m.Groups[1].Value), await ctx.Lab.NetworkOn(compose.Host.Name).LocalPortRangeAsync(),
            $"port {port} of {service} ({ports})");
    }

    [Then("on {string} the name {string} does not resolve in {string}, with {string}")]
    public async Task ThenDoesNotResolve(string host, string name, string container, string message)
    {
        var r = await ctx.Docker(host).RunAsync($"exec {container} ping -c 1 -W 1 {name}");
        r.Succeeded.ShouldBeFalse(r.ToTranscript());
        (r.Stdout + r.Stderr).ShouldContain(message, Case.Sensitive, r.ToTranscript());
    }

    [Then("on {string} the container {string} reaches {string} by name")]
    public async Task ThenReachesByName(string host, string container, string name)
    {
        // busybox has nslookup, Debian-based images have getent: the name must resolve to an address of a shared network.
        var r = await ctx.Docker(host).RunAsync($"exec {container} sh -c 'getent hosts {name} 2>/dev/null || nslookup {name}'");
        r.Succeeded.ShouldBeTrue(r.ToTranscript());
        r.Stdout.ShouldMatch(@"\d+\.\d+\.\d+\.\d+", r.ToTranscript());
    }

    [When("I scale the compose service {string} to {int}")]
    public Task WhenScale(string service, int replicas) => ctx.RequireCompose().ScaleAsync(service, replicas);

    [When("I take the compose project down")]
    public async Task WhenDown() => (await ctx.RequireCompose().DownAsync()).EnsureSuccess();

    [Then("no container or network of the compose project is left on {string}")]
    public async Task ThenNothingLeft(string host)
    {
        var compose = ctx.RequireCompose();
        (await compose.ContainersAsync()).ShouldBeEmpty();
        var nets = await ctx.Docker(host).MustAsync($"network ls -q --filter label=com.docker.compose.project={compose.Project}");
        nets.Stdout.Trim().ShouldBeEmpty(nets.ToTranscript());
    }
}
