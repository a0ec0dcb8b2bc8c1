using System.Net;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Underlay;

/// <summary>The answers to N requests, and how many came from each distinct replica.</summary>
public sealed record HttpAnswers(string From, string Url, IReadOnlyList<string> Answers)
{
    /// <summary>The hit count of each answer of the handbook's flask demo ("… seen 3 times."); null where an answer is no such answer.</summary>
    public IReadOnlyList<int?> HitCounts => Answers.Select(a => LabSpecs.Drivers.Kubernetes.FlaskDemoAnswer.Parse(a)?.Count).ToList();

    public IReadOnlyDictionary<string, int> Tally =>
        Answers.Where(a => a.Length > 0).GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());

    public int Distinct => Tally.Count;

    public int Failed => Answers.Count(a => a.Length == 0);

    /// <summary>
    /// The replicas that answered: whoami answers "I'm &lt;hostname&gt;" (its container's hostname), so each distinct hostname is
    /// one replica. Other answers (a balancer's "503 Service Unavailable") came from no replica and count for none.
    /// </summary>
    public IReadOnlySet<string> Replicas => Answers.Select(WhoamiHostname).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>Answers that are no replica's: failed requests and answers that are not whoami's.</summary>
    public int NotFromAReplica => Answers.Count(a => WhoamiHostname(a) is null);

    /// <summary>The hostname in a whoami answer (<c>I'm 19987c188bb2</c>), or null.</summary>
    public static string? WhoamiHostname(string answer) =>
        answer.StartsWith("I'm ", StringComparison.Ordinal) && answer[4..].Trim() is { Length: > 0 } host && !host.Contains(' ', StringComparison.Ordinal) ? host : null;

    public string Describe() =>
        $"{Answers.Count} request(s) from {From} to {Url}: {Distinct} distinct answer(s), {Failed} failed, {Replicas.Count} replica(s) answered\n" +
        string.Join('\n', Tally.OrderByDescending(t => t.Value).Select(t => $"  {t.Value,3} x {t.Key}"));
}

/// <summary>
/// Bounded HTTP requests made on a lab host (curl) or inside a container on it (busybox wget), one line of answer each.
/// Only lab addresses are allowed: loopback, the topology's subnet and the private ranges Docker gives containers —
/// a load test never leaves the lab's namespaces.
/// </summary>
public sealed class HttpProbe(ILabEnvironment environment, IEvidenceSink evidence)
{
    private HostShell On(ILabHost h) => new(h, evidence);

    public const int MaxRequests = 200;

    public async Task<HttpAnswers> FromHostAsync(ILabHost host, string url, int count, CancellationToken ct = default)
    {
        Guard(url, count);
        var command = $"for i in $(seq {count}); do echo \"{Mark}$(curl -s -m 2 {LocalProcess.Quote(url)} | head -n 1)\"; done";
        return Collect(host.Name, url, count, await On(host).RunAsync(command, TimeSpan.FromSeconds(count * 2 + 10), ct).ConfigureAwait(false));
    }

    public async Task<HttpAnswers> FromContainerAsync(ILabHost host, string container, string url, int count, CancellationToken ct = default)
    {
        Guard(url, count);
        // Not "wget -T 2": Debian's busybox-static 1.35 wget segfaults with -T; busybox's timeout bounds each request instead.
        var loop = $"for i in $(seq {count}); do echo \"{Mark}$(timeout 3 wget -q -O - {url} 2>/dev/null | head -n 1)\"; done";
        var command = $"docker exec {LocalProcess.Quote(container)} sh -c {LocalProcess.Quote(loop)}";
        return Collect($"{container} on {host.Name}", url, count,
            await On(host).RunAsync(command, TimeSpan.FromSeconds(count * 2 + 10), ct).ConfigureAwait(false));
    }

    /// <summary>One page, as the handbook fetches it: <c>curl -sS --max-time 5 URL</c> on a host, or on the underlay (a machine outside the hosts).</summary>
    public async Task<ExecResult> FetchAsync(ILabHost? from, string url, CancellationToken ct = default)
    {
        Guard(url, 1);
        var command = $"curl -sS --max-time 5 {LocalProcess.Quote(url)}";
        if (from is not null) return await On(from).RunAsync(command, ct: ct).ConfigureAwait(false);
        var r = await environment.ExecOnUnderlayAsync(command, ct: ct).ConfigureAwait(false);
        evidence.Record(r);
        return r;
    }

    /// <summary>curl's exit code when it could not connect ("Connection refused").</summary>
    public const int CurlCouldNotConnect = 7;

    /// <summary>
    /// A published port, fetched as <see cref="FetchAsync"/> does once it accepts connections: right after <c>docker run -p</c>
    /// the server in the container may not listen yet (curl exit 7; seen on a loaded machine). Only that is retried, each
    /// attempt recorded, for at most <paramref name="timeout"/>; any other outcome is returned as it is.
    /// </summary>
    public async Task<ExecResult> FetchPublishedAsync(ILabHost? from, string url, TimeSpan timeout, CancellationToken ct = default)
    {
        var outcome = await Eventually.UntilAsync($"{url} accepts connections from {from?.Name ?? "a machine outside the docker host"}",
            c => FetchAsync(from, url, c), r => r.ExitCode != CurlCouldNotConnect, timeout, TimeSpan.FromMilliseconds(250),
            r => r.ToTranscript(), ct, evidence).ConfigureAwait(false);
        return outcome.Value;
    }

    /// <summary>Waits until <c>curl</c> on the host gets HTTP 200 from <paramref name="url"/> (a service takes a moment after "Up").</summary>
    public async Task<ExecResult> WaitForAnswerAsync(ILabHost from, string url, CancellationToken ct = default)
    {
        Guard(url, 1);
        var command = $"curl -s -o /dev/null -m 2 -w '%{{http_code}}' {LocalProcess.Quote(url)}";
        var outcome = await Eventually.UntilAsync($"{url} answers on {from.Name}",
            c => On(from).QuietAsync(command, ct: c), r => r.Stdout.Trim() == "200", Timeouts.Default.Assert,
            TimeSpan.FromMilliseconds(500), r => r.ToTranscript(), ct, evidence).ConfigureAwait(false);
        return outcome.Value;
    }

    // Every request prints one line "@@<first line of the answer>", empty after "@@" when the request failed.
    private const string Mark = "@@";

    public static HttpAnswers Collect(string from, string url, int count, ExecResult r)
    {
        var answers = r.Stdout.Replace("\r", "").Split('\n')
            .Where(l => l.StartsWith(Mark, StringComparison.Ordinal)).Select(l => l[Mark.Length..].Trim()).ToList();
        while (answers.Count < count) answers.Add("");
        return new HttpAnswers(from, url, answers);
    }

    private void Guard(string url, int count)
    {
        if (count is < 1 or > MaxRequests) throw new ArgumentOutOfRangeException(nameof(count), count, $"between 1 and {MaxRequests} requests");
        var host = new Uri(url).Host;
        if (!IPAddress.TryParse(host, out var address))
        {
            // A name (a service or container name): resolved by Docker's DNS inside the lab, or localhost.
            if (host.Contains('.', StringComparison.Ordinal) && host != "localhost")
            {
                throw new LabSpecsException($"HTTP probe refuses {url}: only lab addresses, loopback or container/service names are allowed");
            }

            return;
        }

        if (!IsLabAddress(address))
        {
            throw new LabSpecsException($"HTTP probe refuses {url}: {address} is neither loopback, in the lab subnet {environment.Topology.Subnet} nor a container range");
        }
    }

    public bool IsLabAddress(IPAddress address) =>
        IPAddress.IsLoopback(address) || environment.Topology.Subnet.Contains(address) ||
        IPNetwork.Parse("172.16.0.0/12").Contains(address) ||
        (IPNetwork.Parse("10.0.0.0/8").Contains(address) && !IPNetwork.Parse("10.255.0.0/16").Contains(address));
}
