using System.Text.RegularExpressions;
using LabSpecs.Core;

namespace LabSpecs.Drivers.Ping;

/// <summary>Round-trip times in milliseconds, from <c>round-trip min/avg/max</c> (busybox) or <c>rtt min/avg/max/mdev</c> (iputils).</summary>
public sealed record RoundTrip(double MinMs, double AvgMs, double MaxMs);

/// <summary>
/// What a ping showed. A name that does not resolve is a result (<see cref="ResolutionError"/>), not an exception, because labs
/// assert on it ("ping test3 fails: bad address").
/// </summary>
public sealed partial record PingResult(
    string? Target, int Transmitted, int Received, double PacketLoss, RoundTrip? RoundTrip, string? ResolutionError, string Output)
{
    public bool Resolved => ResolutionError is null;

    /// <summary>At least one reply came back.</summary>
    public bool Reachable => Received > 0;

    public override string ToString() => ResolutionError is not null
        ? $"ping {Target}: {ResolutionError}"
        : $"ping {Target}: {Transmitted} transmitted, {Received} received, {PacketLoss:0.#}% packet loss" +
          (RoundTrip is null ? "" : $", rtt avg {RoundTrip.AvgMs:0.###} ms");

    // busybox: "3 packets transmitted, 3 packets received, 0% packet loss"
    // iputils: "3 packets transmitted, 3 received, 0% packet loss, time 2003ms" (may add "+3 errors, ")
    [GeneratedRegex(@"(?<tx>\d+) packets transmitted, (?<rx>\d+) (packets )?received,( \+\d+ (errors|duplicates),)* (?<loss>[\d.]+)% packet loss")]
    private static partial Regex Statistics();

    [GeneratedRegex(@"(round-trip|rtt) min/avg/max(/mdev)? = (?<min>[\d.]+)/(?<avg>[\d.]+)/(?<max>[\d.]+)")]
    private static partial Regex RoundTripLine();

    [GeneratedRegex(@"^PING (?<target>\S+)", RegexOptions.Multiline)]
    private static partial Regex Header();

    // busybox: "ping: bad address 'nosuchhost'"; iputils: "ping: nosuchhost: Name or service not known",
    // "ping: x: Temporary failure in name resolution"; old iputils: "ping: unknown host x"
    [GeneratedRegex(@"ping: (bad address '(?<b>[^']*)'|unknown host (?<u>\S+)|(?<i>[^:\s]+): (?<why>Name or service not known|Temporary failure in name resolution|No address associated with hostname))")]
    private static partial Regex ResolutionFailure();

    /// <summary>Parses the combined stdout+stderr of busybox or iputils ping; throws <see cref="FormatException"/> (with the output) if it is neither.</summary>
    /// <summary>The ping a command ran (stdout + stderr); output that is no ping's fails as the command (<see cref="CommandFailedException"/>).</summary>
    public static PingResult Of(ExecResult ping)
    {
        try
        {
            return Parse(ping.Stdout + ping.Stderr);
        }
        catch (FormatException)
        {
            throw new CommandFailedException(ping);
        }
    }

    public static PingResult Parse(string output)
    {
        var failure = ResolutionFailure().Match(output);
        if (failure.Success)
        {
            var target = failure.Groups["b"].Success ? failure.Groups["b"].Value
                : failure.Groups["u"].Success ? failure.Groups["u"].Value : failure.Groups["i"].Value;
            var why = failure.Groups["why"].Success ? failure.Groups["why"].Value
                : failure.Groups["b"].Success ? "bad address" : "unknown host";
            return new PingResult(target, 0, 0, 100, null, why, output);
        }

        var stats = Statistics().Match(output);
        if (!stats.Success)
        {
            throw new FormatException($"Not a ping output (no 'packets transmitted' line):\n{output}");
        }

        var rtt = RoundTripLine().Match(output);
        var header = Header().Match(output);
        return new PingResult(
            header.Success ? header.Groups["target"].Value : null,
            int.Parse(stats.Groups["tx"].Value),
            int.Parse(stats.Groups["rx"].Value),
            double.Parse(stats.Groups["loss"].Value, System.Globalization.CultureInfo.InvariantCulture),
            rtt.Success ? new RoundTrip(D(rtt, "min"), D(rtt, "avg"), D(rtt, "max")) : null,
            null,
            output);
    }

    private static double D(Match m, string group) =>
        double.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
}
