using LabSpecs.Core;
using LabSpecs.Drivers.MultiHost;
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
}
