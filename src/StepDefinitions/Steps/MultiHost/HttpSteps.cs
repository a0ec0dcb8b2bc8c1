using System.Text.RegularExpressions;
using LabSpecs.Core;
using LabSpecs.Drivers.MultiHost;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps.MultiHost;

/// <summary>Requests to a service and the distribution of the answers over its replicas (whoami: "I'm &lt;hostname&gt;").</summary>
[Binding]
public sealed partial class HttpSteps(MultiHostContext ctx)
{
    private HttpProbe Probe => new(ctx.Environment, ctx.Evidence);

    [When("{int} requests to {string} are made from {string}")]
    public async Task WhenRequests(int count, string url, string host) =>
        ctx.LastAnswers = await Probe.FromHostAsync(ctx.Host(host), url, count);

    [Then("every answer contains {string}")]
    public void ThenEveryAnswerContains(string text)
    {
        var answers = ctx.LastAnswers.ShouldNotBeNull();
        answers.Answers.ShouldAllBe(a => a.Contains(text), answers.Describe());
    }

    [Then("the hit counts in the answers go up by one with each request")]
    public void ThenHitCountsIncrease()
    {
        var answers = ctx.LastAnswers.ShouldNotBeNull();
        var counts = answers.Answers.Select(a => Seen().Match(a)).Select(m => m.Success ? int.Parse(m.Groups[1].Value) : -1).ToList();
        counts.ShouldNotContain(-1, answers.Describe());
        counts.Zip(counts.Skip(1), (a, b) => b - a).ShouldAllBe(d => d == 1, string.Join(", ", counts));
    }

    [Then("on {string} redis in {string} holds the hit count of the last answer")]
    public async Task ThenRedisHoldsCount(string host, string container)
    {
        var last = Seen().Match(ctx.LastAnswers.ShouldNotBeNull().Answers[^1]).Groups[1].Value;
        (await ctx.Docker(host).MustAsync($"exec {container} redis-cli get hits")).Stdout.Trim().ShouldBe(last);
    }

    [Then("{int} requests to {string} from {string} reach exactly {int} replica(s)")]
    public Task ThenRequestsFromHostReachExactly(int count, string url, string host, int replicas) =>
        ReachAsync("exactly", replicas, ct => Probe.FromHostAsync(ctx.Host(host), url, count, ct));

    [Then("{int} requests to {string} from {string} reach at least {int} (different )replica(s)")]
    public Task ThenRequestsFromHostReachAtLeast(int count, string url, string host, int replicas) =>
        ReachAsync("at least", replicas, ct => Probe.FromHostAsync(ctx.Host(host), url, count, ct));

    [Then("{int} requests to {string} from every node reach at least {int} different replicas")]
    public async Task ThenRequestsFromEveryNode(int count, string url, int replicas)
    {
        foreach (var node in ctx.RequireSwarm().Nodes)
        {
            await ReachAsync("at least", replicas, ct => Probe.FromHostAsync(node, url, count, ct));
        }
    }

    [Then("{int} requests to {string} from {string} on every node reach at least {int} different replicas")]
    public async Task ThenRequestsFromContainerOnEveryNode(int count, string url, string container, int replicas)
    {
        foreach (var node in ctx.RequireSwarm().Nodes)
        {
            await ReachAsync("at least", replicas, ct => Probe.FromContainerAsync(node, container, url, count, ct));
        }
    }

    [Then("{int} requests from {string} to port {int} of every node reach {int} different replicas")]
    public async Task ThenRequestsToEveryNode(int count, string from, int port, int replicas)
    {
        var nodes = ctx.RequireSwarm().Nodes.ToList();
        var answers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var node = nodes[i % nodes.Count];
            answers.AddRange((await Probe.FromHostAsync(ctx.Host(from), $"http://{node.Address}:{port}/", 1)).Answers);
        }

        var all = new HttpAnswers(from, $"port {port} of {string.Join(", ", nodes.Select(n => n.Address))}", answers);
        ctx.Evidence.Record(new EvidenceItem("answers", all.Describe()));
        all.Failed.ShouldBe(0, all.Describe());
        all.Distinct.ShouldBe(replicas, all.Describe());
    }

    /// <summary>
    /// A balancer may need a moment to see new replicas (DNS TTL, health checks): the batch is repeated until the
    /// distribution holds or the assert timeout passes, and every batch's tally is in the report.
    /// </summary>
    private async Task ReachAsync(string how, int replicas, Func<CancellationToken, Task<HttpAnswers>> batch)
    {
        bool Holds(HttpAnswers a) => a.Failed == 0 && (how == "exactly" ? a.Distinct == replicas : a.Distinct >= replicas);
        var outcome = await Eventually.UntilAsync($"answers come from {how} {replicas} replica(s)", batch, Holds,
            Timeouts.Default.Assert, TimeSpan.FromMilliseconds(500), a => a.Describe(), evidence: ctx.Evidence);
        ctx.LastAnswers = outcome.Value;
        ctx.Evidence.Record(new EvidenceItem("answers per replica", outcome.Value.Describe()));
    }

    [GeneratedRegex(@"seen (\d+) times")]
    private static partial Regex Seen();
}

[Binding]
public sealed class HttpReadinessSteps(MultiHostContext ctx)
{
    /// <summary>Services take a moment after "Up" (Flask importing, haproxy resolving): wait for the first answer, and show how long it took.</summary>
    [Given("{string} answers on {string}")]
    public async Task GivenAnswers(string url, string host)
    {
        var h = ctx.Host(host);
        var command = $"curl -s -o /dev/null -m 2 -w '%{{http_code}}' {LocalProcess.Quote(url)}";
        var outcome = await Eventually.UntilAsync($"{url} answers on {host}",
            ct => ctx.Shell(h).QuietAsync(command, ct: ct), r => r.Stdout.Trim() == "200", Timeouts.Default.Assert,
            TimeSpan.FromMilliseconds(500), r => r.ToTranscript(), evidence: ctx.Evidence);
        ctx.Evidence.Record(outcome.Value);
    }
}
