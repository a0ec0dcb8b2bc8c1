using LabSpecs.Core;
using LabSpecs.Drivers.Underlay;
using LabSpecs.Environments;
using LabSpecs.Specs.Support;

namespace LabSpecs.Specs.Drivers;

/// <summary>Bounded HTTP requests from lab hosts or containers (never beyond the lab), and the last batch of answers.</summary>
public sealed class HttpDriver(LabContext lab)
{
    private HttpAnswers? _last;

    public HttpProbe Probe => new(lab.Environment, lab.Evidence);

    public HttpAnswers Last => _last ?? throw new LabSpecsException("No requests were made yet in this scenario.");

    public HttpAnswers Keep(HttpAnswers answers) => _last = answers;

    /// <summary>
    /// A balancer may need a moment to see new replicas (DNS TTL, health checks): the batch is repeated until every request is
    /// answered and <paramref name="spread"/> holds, or the assert timeout passes; the wait shows every batch's tally.
    /// </summary>
    public async Task<HttpAnswers> RepeatUntilAsync(Func<HttpAnswers, bool> spread, string what, Func<CancellationToken, Task<HttpAnswers>> batch)
    {
        var outcome = await Eventually.UntilAsync($"answers come from {what}", batch, a => a.Failed == 0 && spread(a),
            Timeouts.Default.Assert, TimeSpan.FromMilliseconds(500), a => a.Describe(), evidence: lab.Evidence);
        return Keep(outcome.Value);
    }

    public async Task<HttpAnswers> FromHostAsync(string host, string url, int count) => Keep(await Probe.FromHostAsync(lab.HostNamed(host), url, count));

    /// <summary><paramref name="count"/> requests from <paramref name="from"/>, in turn to <paramref name="port"/> of each of <paramref name="nodes"/>; the answers are recorded.</summary>
    public async Task<HttpAnswers> RoundRobinAsync(string from, IReadOnlyList<ILabHost> nodes, int port, int count)
    {
        var answers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            answers.AddRange((await Probe.FromHostAsync(lab.HostNamed(from), $"http://{nodes[i % nodes.Count].Address}:{port}/", 1)).Answers);
        }

        var all = new HttpAnswers(from, $"port {port} of {string.Join(", ", nodes.Select(n => n.Address))}", answers);
        lab.Evidence.Record(new EvidenceItem("answers", all.Describe()));
        return Keep(all);
    }

    /// <summary>Waits for the first answer of <paramref name="url"/> from <paramref name="host"/> (the wait shows how long it took).</summary>
    public Task WaitForAnswerAsync(string host, string url) => Probe.WaitForAnswerAsync(lab.HostNamed(host), url);

    /// <summary>The body <paramref name="url"/> answers from <paramref name="host"/>; an error status fails.</summary>
    public async Task<string> FetchAsync(string host, string url) => (await Probe.FetchAsync(lab.HostNamed(host), url)).EnsureSuccess().Stdout;
}
