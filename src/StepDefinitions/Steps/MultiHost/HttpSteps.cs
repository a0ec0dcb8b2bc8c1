using System.Text.RegularExpressions;
using LabSpecs.Core;
using LabSpecs.Drivers.Underlay;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps.MultiHost;

/// <summary>Requests to a service and the distribution of the answers over its replicas (whoami: "I'm &lt;hostname&gt;").</summary>
[Binding]
public sealed class HttpSteps(LabContext lab, HttpDriver http, SwarmDriver swarm, ComposeDriver compose)
{
    private HttpProbe Probe => http.Probe;

    [When("{int} requests to {string} are made from {string}")]
    public async Task WhenRequests(int count, string url, string host) =>
        await http.FromHostAsync(host, url, count);

    [Then("every answer contains {string}")]
    public void ThenEveryAnswerContains(string text)
    {
        var answers = http.Last;
        lab.Expect.That(answers.Answers.All(a => a.Contains(text, StringComparison.Ordinal)), $"every answer should contain \"{text}\"", () => $"not every one does:\n{answers.Describe()}");
    }

    [Then("the hit counts in the answers go up by one with each request")]
    public void ThenHitCountsIncrease()
    {
        var answers = http.Last;
        var counts = answers.HitCounts;
        lab.Expect.That(counts.All(c => c is not null) && counts.Zip(counts.Skip(1), (a, b) => b - a).All(d => d == 1),
            "the hit counts in the answers should go up by one with each request", () => $"they are {string.Join(", ", counts.Select(c => c?.ToString() ?? "none"))}:\n{answers.Describe()}");
    }

    [Then("on {string} redis in {string} holds the hit count of the last answer")]
    public async Task ThenRedisHoldsCount(string host, string container)
    {
        var last = http.Last.HitCounts[^1];
        lab.Expect.That(last is not null, "the last answer should show a hit count", () => $"it shows none:\n{http.Last.Describe()}");
        lab.Expect.Equal(await lab.DockerOn(host).RedisGetAsync(container, "hits"), last!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"on {host} redis in {container} should hold the hit count of the last answer, {last}");
    }

    [Then("on {string} redis of the compose service {string} holds the hit count of the last answer")]
    public async Task ThenRedisOfServiceHoldsCount(string host, string service) => await ThenRedisHoldsCount(host, await compose.ContainerOfAsync(service));

    [Then("{int} requests to {string} from {string} reach exactly {int} replica(s)")]
    public Task ThenRequestsFromHostReachExactly(int count, string url, string host, int replicas) =>
        ReachAsync("exactly", replicas, ct => Probe.FromHostAsync(lab.HostNamed(host), url, count, ct));

    [Then("{int} requests to {string} from {string} reach at least {int} (different )replica(s)")]
    public Task ThenRequestsFromHostReachAtLeast(int count, string url, string host, int replicas) =>
        ReachAsync("at least", replicas, ct => Probe.FromHostAsync(lab.HostNamed(host), url, count, ct));

    [Then("{int} requests to {string} from every node reach at least {int} different replicas")]
    public async Task ThenRequestsFromEveryNode(int count, string url, int replicas)
    {
        foreach (var node in swarm.Cluster.Nodes)
        {
            await ReachAsync("at least", replicas, ct => Probe.FromHostAsync(node, url, count, ct));
        }
    }

    [Then("{int} requests to {string} from {string} on every node reach at least {int} different replicas")]
    public async Task ThenRequestsFromContainerOnEveryNode(int count, string url, string container, int replicas)
    {
        foreach (var node in swarm.Cluster.Nodes)
        {
            await ReachAsync("at least", replicas, ct => Probe.FromContainerAsync(node, container, url, count, ct));
        }
    }

    [Then("{int} requests from {string} to port {int} of every node reach {int} different replicas")]
    public async Task ThenRequestsToEveryNode(int count, string from, int port, int replicas)
    {
        var all = await http.RoundRobinAsync(from, swarm.Cluster.Nodes.ToList(), port, count);
        lab.Expect.That(all.NotFromAReplica == 0 && all.Replicas.Count == replicas, $"{count} requests from {from} to port {port} of every node should reach {replicas} different replicas",
            () => $"they reach {all.Replicas.Count}, and {all.NotFromAReplica} answer(s) came from no replica:\n{all.Describe()}");
    }

    /// <summary>
    /// A balancer may need a moment to see new replicas (DNS TTL, health checks): the batch is repeated until the
    /// distribution holds or the assert timeout passes, and every batch's tally is in the report.
    /// </summary>
    private Task ReachAsync(string how, int replicas, Func<CancellationToken, Task<HttpAnswers>> batch) =>
        http.RepeatUntilAsync(how == "exactly" ? a => a.NotFromAReplica == 0 && a.Replicas.Count == replicas : a => a.NotFromAReplica == 0 && a.Replicas.Count >= replicas,
            $"{how} {replicas} replica(s)", batch);
}

[Binding]
public sealed class HttpReadinessSteps(HttpDriver http)
{
    /// <summary>Services take a moment after "Up" (Flask importing, haproxy resolving): wait for the first answer, and show how long it took.</summary>
    [Given("{string} answers on {string}")]
    public Task GivenAnswers(string url, string host) => http.WaitForAnswerAsync(host, url);
}
