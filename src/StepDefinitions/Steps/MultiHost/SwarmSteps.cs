using System.Text.RegularExpressions;
using LabSpecs.Core;
using LabSpecs.Drivers.MultiHost;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps.MultiHost;

[Binding]
public sealed partial class SwarmSteps(MultiHostContext ctx)
{
    [Given("a swarm initialized on {string}")]
    public async Task GivenSwarmInitialized(string manager)
    {
        var swarm = new SwarmCluster(ctx.Host(manager), ctx.Evidence);
        ctx.OnCleanup("leave the swarm", ct => swarm.LeaveAsync(ct), CleanupCost.Costly);
        ctx.Swarm = swarm;
        await swarm.InitAsync();
    }

    [Given("a swarm of {string} with the workers {string}, {string} and {string}")]
    public async Task GivenSwarmOf(string manager, string w1, string w2, string w3)
    {
        await GivenSwarmInitialized(manager);
        await ctx.RequireSwarm().JoinAsync([ctx.Host(w1), ctx.Host(w2), ctx.Host(w3)]);
        await ctx.RequireSwarm().WaitReadyAsync(4);
    }

    [Then("\"docker swarm init\" printed the join command for workers with the manager address and port 2377")]
    public void ThenInitPrintedJoin()
    {
        var swarm = ctx.RequireSwarm();
        var output = swarm.InitOutput.ShouldNotBeNull().Stdout;
        output.ShouldContain("is now a manager");
        output.ShouldMatch($@"docker swarm join --token SWMTKN-1-\S+ {Regex.Escape(swarm.Manager.Address.ToString())}:2377");
    }

    [Given("{string} joins the swarm as a worker")]
    [When("{string} joins the swarm as a worker")]
    public Task WhenJoins(string worker) => ctx.RequireSwarm().JoinAsync([ctx.Host(worker)]);

    [Then("the swarm has {int} nodes, all Ready and Active")]
    public async Task ThenNodesReady(int count)
    {
        var nodes = await ctx.RequireSwarm().WaitReadyAsync(count);
        nodes.ShouldAllBe(n => n.Availability == "Active");
    }

    [Then("{string} is the Leader of the swarm")]
    public async Task ThenLeader(string host) =>
        (await ctx.RequireSwarm().NodesAsync()).Single(n => n.Hostname == host).ManagerStatus.ShouldBe("Leader");

    [Then("{string} is a worker of the swarm")]
    public async Task ThenWorker(string host) =>
        (await ctx.RequireSwarm().NodesAsync()).Single(n => n.Hostname == host).ManagerStatus.ShouldBe("");

    [When("on the manager I create the service {string} with {string} from {string}")]
    public Task WhenCreateService(string name, string options, string image) => CreateServiceAsync(name, options, image, "");

    [When("on the manager I create the service {string} with {string} from {string} running {string}")]
    public Task WhenCreateServiceRunning(string name, string options, string image, string command) => CreateServiceAsync(name, options, image, command);

    private async Task CreateServiceAsync(string name, string options, string image, string command)
    {
        var services = ctx.Services();
        ctx.OnCleanup($"remove the service {name}", ct => services.RemoveAsync(name, ct));
        await services.CreateAsync(name, image, options, command);
    }

    [When("I scale the service {string} to {int}")]
    public Task WhenScale(string name, int replicas) => ctx.Services().ScaleAsync(name, replicas);

    [Then("the service {string} has {int} running task(s)")]
    public Task ThenRunningTasks(string name, int count) => ctx.Services().WaitRunningAsync(name, count);

    [Then("the service {string} has {int} running tasks on {int} different nodes")]
    public Task ThenTasksOnExactlyNodes(string name, int count, int nodes) => ThenTasksOnNodes(name, count, "", nodes);

    [Then("the service {string} has {int} running tasks on at least {int} different nodes")]
    public Task ThenTasksOnAtLeastNodes(string name, int count, int nodes) => ThenTasksOnNodes(name, count, "at least", nodes);

    private async Task ThenTasksOnNodes(string name, int count, string atLeast, int nodes)
    {
        var tasks = await ctx.Services().WaitRunningAsync(name, count);
        var distinct = tasks.Select(t => t.Node).Distinct().Count();
        var where = string.Join(", ", tasks.Select(t => $"{t.Name}@{t.Node}"));
        if (atLeast.Length > 0) distinct.ShouldBeGreaterThanOrEqualTo(nodes, where);
        else distinct.ShouldBe(nodes, where);
    }

    [Then("\"docker service inspect {word} --pretty\" shows {string}")]
    public Task ThenInspectShowsOne(string name, string first) => ThenInspectShows(name, first, "");

    [Then("\"docker service inspect {word} --pretty\" shows {string} and {string}")]
    public async Task ThenInspectShows(string name, string first, string second)
    {
        var text = Squeeze((await ctx.Services().InspectPrettyAsync(name)).Stdout);
        foreach (var expected in new[] { first, second }.Where(s => !string.IsNullOrEmpty(s)))
        {
            text.ShouldContain(Squeeze(expected), Case.Sensitive, text);
        }
    }

    [Then("the page on port {int} of the node running {string} shows {string}")]
    public Task ThenPageOnTheNode(int port, string service, string text) => ThenPageOnNodes(port, "the", service, text);

    [Then("the page on port {int} of every node running {string} shows {string}")]
    public Task ThenPageOnEveryNode(int port, string service, string text) => ThenPageOnNodes(port, "every", service, text);

    private async Task ThenPageOnNodes(int port, string which, string service, string text)
    {
        var tasks = await ctx.Services().WaitRunningAsync(service, (await ctx.Services().TasksAsync(service)).Count(t => !t.IsHistory && t.DesiredState == "Running"));
        var nodes = tasks.Select(t => t.Node).Distinct().ToList();
        if (which == "the") nodes.Count.ShouldBe(1, "expected one node running the service");
        foreach (var node in nodes)
        {
            var host = ctx.HostOfNode(node);
            var page = await PageAsync(host.Name, $"http://{host.Address}:{port}/");
            page.ShouldContain(text, Case.Sensitive, $"page from {node}:{port}");
        }
    }

    [Then("the page at {string} fetched from {string} shows {string}")]
    public async Task ThenPageAt(string url, string from, string text) =>
        (await PageAsync(from, url)).ShouldContain(text);

    private async Task<string> PageAsync(string from, string url) =>
        (await ctx.Shell(ctx.Host(from)).MustAsync($"curl -s -m 5 {LocalProcess.Quote(url)}")).Stdout;

    [Given("a client container {string} from {string} on the network {string} on every node")]
    public async Task GivenClientOnEveryNode(string name, string image, string network)
    {
        // One container per node, started on all nodes at once (each node's engine is independent).
        var started = await Task.WhenAll(ctx.RequireSwarm().Nodes.Select(node => ctx.Docker(node).RunContainerAsync(name, image, network)));
        foreach (var r in started) r.EnsureSuccess();
    }

    [Then("the name {string} resolves to {int} addresses in {string} on {string}")]
    public async Task ThenNameResolves(string name, int count, string container, string host)
    {
        var docker = ctx.Docker(host);
        var outcome = await Eventually.UntilAsync($"{name} resolves to {count} addresses in {container}",
            async ct => (await ctx.Shell(docker.Host).QuietAsync($"docker exec {container} nslookup {name}", ct: ct)).Stdout,
            o => Answers(o).Count == count, Timeouts.Default.Assert, TimeSpan.FromMilliseconds(500), o => o, evidence: ctx.Evidence);
        ctx.Evidence.Record(new EvidenceItem($"[{host}]$ docker exec {container} nslookup {name}", outcome.Value.TrimEnd()));
    }

    /// <summary>Addresses after "Name:" lines of busybox nslookup (the first Address is the DNS server's).</summary>
    private static List<string> Answers(string nslookup) =>
        NameAddress().Matches(nslookup).Select(m => m.Groups[1].Value).Distinct().ToList();

    [GeneratedRegex(@"Name:\s+\S+\s*\nAddress(?: \d+)?:\s+(\d+\.\d+\.\d+\.\d+)")]
    private static partial Regex NameAddress();

    private static string Squeeze(string s) => Regex.Replace(s, @"[ \t]+", " ");
}
