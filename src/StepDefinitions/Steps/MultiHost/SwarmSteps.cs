using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;

namespace LabSpecs.Specs.Steps.MultiHost;

[Binding]
public sealed class SwarmSteps(LabContext lab, SwarmDriver swarm, HttpDriver http)
{
    [Given("a swarm initialized on {string}")]
    public Task GivenSwarmInitialized(string manager) => swarm.InitAsync(manager);

    [Given("a swarm of {string} with the workers {string}, {string} and {string}")]
    public async Task GivenSwarmOf(string manager, string w1, string w2, string w3)
    {
        await GivenSwarmInitialized(manager);
        await swarm.JoinAsync(w1, w2, w3);
        await swarm.Cluster.WaitReadyAsync(4);
    }

    [Then("\"docker swarm init\" printed the join command for workers with the manager address and port 2377")]
    public void ThenInitPrintedJoin()
    {
        var cluster = swarm.Cluster;
        var output = cluster.InitOutput?.Stdout ?? "";
        lab.Expect.That(output.Contains("is now a manager", StringComparison.Ordinal), "docker swarm init should say the node is now a manager", () => $"it printed:\n{output}");
        lab.Expect.That(cluster.PrintedJoinCommand?.EndsWith($" {cluster.Manager.Address}:2377", StringComparison.Ordinal) == true,
            $"docker swarm init should print the join command for workers with {cluster.Manager.Address}:2377", () => $"it printed:\n{output}");
    }

    [Given("{string} joins the swarm as a worker")]
    [When("{string} joins the swarm as a worker")]
    public Task WhenJoins(string worker) => swarm.JoinAsync(worker);

    [Then("the swarm has {int} nodes, all Ready and Active")]
    public async Task ThenNodesReady(int count)
    {
        var nodes = await swarm.Cluster.WaitReadyAsync(count);
        lab.Expect.That(nodes.All(n => n.Availability == "Active"), $"the swarm's {count} nodes should all be Active",
            () => $"they are {string.Join(", ", nodes.Select(n => $"{n.Hostname} {n.Availability}"))}");
    }

    [Then("{string} is the Leader of the swarm")]
    public async Task ThenLeader(string host) =>
        lab.Expect.Equal((await swarm.Cluster.NodesAsync()).Single(n => n.Hostname == host).ManagerStatus, "Leader", $"docker node ls should show {host} as the Leader");

    [Then("{string} is a worker of the swarm")]
    public async Task ThenWorker(string host) =>
        lab.Expect.Equal((await swarm.Cluster.NodesAsync()).Single(n => n.Hostname == host).ManagerStatus, "", $"docker node ls should show {host} as a worker (no manager status)");

    [When("on the manager I create the service {string} with {string} from {string}")]
    public Task WhenCreateService(string name, string options, string image) => CreateServiceAsync(name, options, image, "");

    [When("on the manager I create the service {string} with {string} from {string} running {string}")]
    public Task WhenCreateServiceRunning(string name, string options, string image, string command) => CreateServiceAsync(name, options, image, command);

    private Task CreateServiceAsync(string name, string options, string image, string command) => swarm.Services.CreateAsync(name, image, options, command);

    [When("I scale the service {string} to {int}")]
    public Task WhenScale(string name, int replicas) => swarm.Services.ScaleAsync(name, replicas);

    [Then("the service {string} has {int} running task(s)")]
    public Task ThenRunningTasks(string name, int count) => swarm.Services.WaitRunningAsync(name, count);

    [Then("the service {string} has {int} running tasks on {int} different nodes")]
    public Task ThenTasksOnExactlyNodes(string name, int count, int nodes) => ThenTasksOnNodes(name, count, "", nodes);

    [Then("the service {string} has {int} running tasks on at least {int} different nodes")]
    public Task ThenTasksOnAtLeastNodes(string name, int count, int nodes) => ThenTasksOnNodes(name, count, "at least", nodes);

    private async Task ThenTasksOnNodes(string name, int count, string atLeast, int nodes)
    {
        var tasks = await swarm.Services.WaitRunningAsync(name, count);
        var distinct = tasks.Select(t => t.Node).Distinct().Count();
        var where = string.Join(", ", tasks.Select(t => $"{t.Name}@{t.Node}"));
        lab.Expect.That(atLeast.Length > 0 ? distinct >= nodes : distinct == nodes, $"the {count} running tasks of {name} should be on {atLeast} {nodes} different nodes".Replace("  ", " "),
            () => $"they are on {distinct}: {where}");
    }

    [Then("\"docker service inspect {word} --pretty\" shows {string}")]
    public Task ThenInspectShowsOne(string name, string first) => ThenInspectShows(name, first, "");

    [Then("\"docker service inspect {word} --pretty\" shows {string} and {string}")]
    public async Task ThenInspectShows(string name, string first, string second)
    {
        var pretty = (await swarm.Services.InspectPrettyAsync(name)).Stdout;
        foreach (var expected in new[] { first, second }.Where(s => !string.IsNullOrEmpty(s)))
        {
            LabFacts.ShowsLine(pretty, expected, $"docker service inspect {name} --pretty");
        }
    }

    [Then("the page on port {int} of the node running {string} shows {string}")]
    public Task ThenPageOnTheNode(int port, string service, string text) => ThenPageOnNodes(port, "the", service, text);

    [Then("the page on port {int} of every node running {string} shows {string}")]
    public Task ThenPageOnEveryNode(int port, string service, string text) => ThenPageOnNodes(port, "every", service, text);

    private async Task ThenPageOnNodes(int port, string which, string service, string text)
    {
        var tasks = await swarm.Services.WaitRunningAsync(service, (await swarm.Services.TasksAsync(service)).Count(t => !t.IsHistory && t.DesiredState == "Running"));
        var nodes = tasks.Select(t => t.Node).Distinct().ToList();
        if (which == "the") lab.Expect.Equal(nodes.Count, 1, $"one node should run {service}");
        foreach (var node in nodes)
        {
            var host = lab.HostNamed(node);
            var page = await PageAsync(host.Name, $"http://{host.Address}:{port}/");
            lab.Expect.That(page.Contains(text, StringComparison.Ordinal), $"the page on port {port} of {node} should show \"{text}\"", () => $"it shows:\n{page}");
        }
    }

    [Then("the page at {string} fetched from {string} shows {string}")]
    public async Task ThenPageAt(string url, string from, string text) =>
        lab.Expect.That((await PageAsync(from, url)).Contains(text, StringComparison.Ordinal), $"the page at {url} fetched from {from} should show \"{text}\"", () => "it does not");

    private Task<string> PageAsync(string from, string url) => http.FetchAsync(from, url);

    [Given("a client container {string} from {string} on the network {string} on every node")]
    public async Task GivenClientOnEveryNode(string name, string image, string network)
    {
        // One container per node, started on all nodes at once (each node's engine is independent).
        var started = await Task.WhenAll(swarm.Cluster.Nodes.Select(node => lab.DockerOn(node).RunContainerAsync(name, image, network)));
        foreach (var r in started) r.EnsureSuccess();
    }

    [Then("the name {string} resolves to {int} addresses in {string} on {string}")]
    public Task ThenNameResolves(string name, int count, string container, string host) => lab.DockerOn(host).WaitForAnswersAsync(container, name, count);
}
