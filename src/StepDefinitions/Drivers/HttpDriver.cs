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

    public async Task<HttpAnswers> FromHostAsync(string host, string url, int count) => Keep(await Probe.FromHostAsync(lab.HostNamed(host), url, count));
}
