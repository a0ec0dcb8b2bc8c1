using System.Text.RegularExpressions;
using LabSpecs.Core;
using LabSpecs.Drivers.MultiHost;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

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
        answers.Answers.ShouldAllBe(a => a.Contains(text), answers.Describe());
    }

    [Then("the hit counts in the answers go up by one with each request")]
    public void ThenHitCountsIncrease()
    {
        var answers = http.Last;
        var counts = answers.HitCounts;
        counts.ShouldNotContain((int?)null, answers.Describe());
        counts.Zip(counts.Skip(1), (a, b) => b - a).ShouldAllBe(d => d == 1, string.Join(", ", counts));
    }

    [Then("on {string} redis in {string} holds the hit count of the last answer")]
    public async Task ThenRedisHoldsCount(string host, string container)
    {
        var last = http.Last.HitCounts[^1].ShouldNotBeNull(http.Last.Describe());
        (await lab.DockerOn(host).RedisGetAsync(container, "hits")).ShouldBe(last.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
        var nodes = swarm.Cluster.Nodes.ToList();
        var answers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var node = nodes[i % nodes.Count];
            answers.AddRange((await Probe.FromHostAsync(lab.HostNamed(from), $"http://{node.Address}:{port}/", 1)).Answers);
        }

        var all = new HttpAnswers(from, $"port {port} of {string.Join(", ", nodes.Select(n => n.Address))}", answers);
        lab.Evidence.Record(new EvidenceItem("answers", all.Describe()));
        all.NotFromAReplica.ShouldBe(0, all.Describe());
        all.Replicas.Count.ShouldBe(replicas, all.Describe());
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
public sealed class HttpReadinessSteps(LabContext lab)
{
    /// <summary>Services take a moment after "Up" (Flask importing, haproxy resolving): wait for the first answer, and show how long it took.</summary>
    [Given("{string} answers on {string}")]
    public Task GivenAnswers(string url, string host) => new HttpProbe(lab.Environment, lab.Evidence).WaitForAnswerAsync(lab.HostNamed(host), url);
}
