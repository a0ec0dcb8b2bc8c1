using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.MultiHost;

/// <summary>The statistics line of a ping (busybox or iputils): transmitted, received, loss.</summary>
public sealed partial record PingSummary(int Transmitted, int Received, int LossPercent, string Output)
{
    public static PingSummary Parse(string output)
    {
        var m = Stats().Match(output);
        return m.Success
            ? new PingSummary(int.Parse(m.Groups["tx"].Value), int.Parse(m.Groups["rx"].Value), int.Parse(m.Groups["loss"].Value), output)
            : new PingSummary(0, 0, 100, output);
    }

    [GeneratedRegex(@"(?<tx>\d+) packets transmitted, (?<rx>\d+) (?:packets )?received,(?: \+\d+ errors,)? (?<loss>\d+)(?:\.\d+)?% packet loss")]
    private static partial Regex Stats();
}
