using System.Text.RegularExpressions;
using LabSpecs.Core;
using LabSpecs.Drivers.MultiHost;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps.MultiHost;

[Binding]
public sealed partial class SwarmSteps(MultiHostContext ctx)
{
    [Given(@"^a swarm initialized on ""([^""]+)""$")]
    public async Task GivenSwarmInitialized(string manager)
    {
        var swarm = new SwarmCluster(ctx.Host(manager), ctx.Evidence);
        ctx.OnCleanup("leave the swarm", ct => swarm.LeaveAsync(ct));
        ctx.Swarm = swarm;
        await swarm.InitAsync();
    }

    [Given(@"^a swarm of ""([^""]+)"" with the workers ""([^""]+)"", ""([^""]+)"" and ""([^""]+)""$")]
    public async Task GivenSwarmOf(string manager, string w1, string w2, string w3)
    {
        await GivenSwarmInitialized(manager);
        await ctx.RequireSwarm().JoinAsync([ctx.Host(w1), ctx.Host(w2), ctx.Host(w3)]);
        await ctx.RequireSwarm().WaitReadyAsync(4);
    }

    [Then(@"^""docker swarm init"" printed the join command for workers with the manager address and port 2377$")]
    public void ThenInitPrintedJoin()
    {
        var swarm = ctx.RequireSwarm();
        var output = swarm.InitOutput.ShouldNotBeNull().Stdout;
        output.ShouldContain("is now a manager");
        output.ShouldMatch($@"docker swarm join --token SWMTKN-1-\S+ {Regex.Escape(swarm.Manager.Address.ToString())}:2377");
    }

    [Given(@"^""([^""]+)"" joins the swarm as a worker$")]
    [When(@"^""([^""]+)"" joins the swarm as a worker$")]
    public Task WhenJoins(string worker) => ctx.RequireSwarm().JoinAsync([ctx.Host(worker)]);

    [Then(@"^the swarm has (\d+) nodes, all Ready and Active$")]
    public async Task ThenNodesReady(int count)
    {
        var nodes = await ctx.RequireSwarm().WaitReadyAsync(count);
        nodes.ShouldAllBe(n => n.Availability == "Active");
    }

    [Then(@"^""([^""]+)"" is the Leader of the swarm$")]
    public async Task ThenLeader(string host) =>
        (await ctx.RequireSwarm().NodesAsync()).Single(n => n.Hostname == host).ManagerStatus.ShouldBe("Leader");

    [Then(@"^""([^""]+)"" is a worker of the swarm$")]
    public async Task ThenWorker(string host) =>
        (await ctx.RequireSwarm().NodesAsync()).Single(n => n.Hostname == host).ManagerStatus.ShouldBe("");

    [When(@"^on the manager I create the service ""([^""]+)"" with ""([^""]*)"" from ""([^""]+)""$")]
    public Task WhenCreateService(string name, string options, string image) => CreateServiceAsync(name, options, image, "");

    [When(@"^on the manager I create the service ""([^""]+)"" with ""([^""]*)"" from ""([^""]+)"" running ""([^""]+)""$")]
    public Task WhenCreateServiceRunning(string name, string options, string image, string command) => CreateServiceAsync(name, options, image, command);

    private async Task CreateServiceAsync(string name, string options, string image, string command)
    {
        var services = ctx.Services();
        ctx.OnCleanup($"remove the service {name}", ct => services.RemoveAsync(name, ct));
        await services.CreateAsync(name, image, options, command);
    }

    [When(@"^I scale the service ""([^""]+)"" to (\d+)$")]
    public Task WhenScale(string name, int replicas) => ctx.Services().ScaleAsync(name, replicas);

    [Then(@"^the service ""([^""]+)"" has (\d+) running tasks?$")]
    public Task ThenRunningTasks(string name, int count) => ctx.Services().WaitRunningAsync(name, count);

    [Then(@"^the service ""([^""]+)"" has (\d+) running tasks on ((?:at least )?)(\d+) different nodes$")]
    public async Task ThenTasksOnNodes(string name, int count, string atLeast, int nodes)
    {
        var tasks = await ctx.Services().WaitRunningAsync(name, count);
        var distinct = tasks.Select(t => t.Node).Distinct().Count();
        var where = string.Join(", ", tasks.Select(t => $"{t.Name}@{t.Node}"));
        if (atLeast.Length > 0) distinct.ShouldBeGreaterThanOrEqualTo(nodes, where);
        else distinct.ShouldBe(nodes, where);
    }

    [Then(@"^""docker service inspect ([^ ]+) --pretty"" shows ""([^""]+)""$")]
    public Task ThenInspectShowsOne(string name, string first) => ThenInspectShows(name, first, "");

    [Then(@"^""docker service inspect ([^ ]+) --pretty"" shows ""([^""]+)"" and ""([^""]+)""$")]
    public async Task ThenInspectShows(string name, string first, string second)
    {
        var text = Squeeze((await ctx.Services().InspectPrettyAsync(name)).Stdout);
        foreach (var expected in new[] { first, second }.Where(s => !string.IsNullOrEmpty(s)))
        {
            text.ShouldContain(Squeeze(expected), Case.Sensitive, text);
        }
    }

    [Then(@"^the page on port (\d+) of (the|every) node running ""([^""]+)"" shows ""([^""]+)""$")]
    public async Task ThenPageOnNodes(int port, string which, string service, string text)
    {
        var tasks = await ctx.Services().WaitRunningAsync(service, (await ctx.Services().TasksAsync(service)).Count(t => !t.IsHistory && t.DesiredState == "Running"));
        var nodes = tasks.Select(t => t.Node).Distinct().ToList();
        if (which == "the") nodes.Count.ShouldBe(1, "expected one node running the service");
        var probe = new HttpProbe(ctx.Environment, ctx.Evidence);
        foreach (var node in nodes)
        {
            var host = ctx.HostOfNode(node);
            var page = await PageAsync(host.Name, $"http://{host.Address}:{port}/");
            page.ShouldContain(text, Case.Sensitive, $"page from {node}:{port}");
        }
    }

    [Then(@"^the page at ""([^""]+)"" fetched from ""([^""]+)"" shows ""([^""]+)""$")]
    public async Task ThenPageAt(string url, string from, string text) =>
        (await PageAsync(from, url)).ShouldContain(text);

    private async Task<string> PageAsync(string from, string url) =>
        (await ctx.Host(from).MustAsync($"curl -s -m 5 {HostCommands.Sh(url)}", ctx.Evidence)).Stdout;

    [Given(@"^a client container ""([^""]+)"" from ""([^""]+)"" on the network ""([^""]+)"" on every node$")]
    public async Task GivenClientOnEveryNode(string name, string image, string network)
    {
        foreach (var node in ctx.RequireSwarm().Nodes)
        {
            (await ctx.Docker(node).TryRunContainerAsync(name, image, network)).EnsureSuccess();
        }
    }

    [Then(@"^the name ""([^""]+)"" resolves to (\d+) addresses in ""([^""]+)"" on ""([^""]+)""$")]
    public async Task ThenNameResolves(string name, int count, string container, string host)
    {
        var docker = ctx.Docker(host);
        var outcome = await Eventually.UntilAsync($"{name} resolves to {count} addresses in {container}",
            async ct => (await docker.Host.QuietAsync($"docker exec {container} nslookup {name}", ct: ct)).Stdout,
            o => Answers(o).Count == count, Timeouts.Default.Assert, TimeSpan.FromMilliseconds(500), o => o);
        ctx.Evidence.Record(new EvidenceItem($"[{host}]$ docker exec {container} nslookup {name}", outcome.Value.TrimEnd() + "\n(" + outcome + ")"));
    }

    /// <summary>Addresses after "Name:" lines of busybox nslookup (the first Address is the DNS server's).</summary>
    private static List<string> Answers(string nslookup) =>
        NameAddress().Matches(nslookup).Select(m => m.Groups[1].Value).Distinct().ToList();

    [GeneratedRegex(@"Name:\s+\S+\s*\nAddress(?: \d+)?:\s+(\d+\.\d+\.\d+\.\d+)")]
    private static partial Regex NameAddress();

    private static string Squeeze(string s) => Regex.Replace(s, @"[ \t]+", " ");
}
