using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.Underlay;

/// <summary>
/// One packet from <c>tcpdump -n</c> on the underlay: outer addresses/ports, the encapsulation tcpdump decoded
/// ("VXLAN, … vni 256", "GREv0", "OTV … instance 100") and, when it printed one, the inner packet line.
/// </summary>
public sealed partial record CapturedPacket(
    string? Interface, string OuterSource, int? SourcePort, string OuterDestination, int? DestinationPort,
    string Summary, string? Inner, string Raw)
{
    public bool IsVxlan => Summary.StartsWith("VXLAN", StringComparison.Ordinal) || Summary.StartsWith("OTV", StringComparison.Ordinal);

    public bool IsGre => Summary.StartsWith("GRE", StringComparison.Ordinal);

    /// <summary>The VXLAN network identifier ("vni 256" for VXLAN, "instance 100" when tcpdump shows port 8472 as OTV).</summary>
    public int? Vni => VniPattern().Match(Summary) is { Success: true } m ? int.Parse(m.Groups[1].Value) : null;

    /// <summary>VXLAN to UDP <paramref name="port"/>, and with that VNI when one is given.</summary>
    public bool IsVxlanTo(int port, int? vni = null) => IsVxlan && DestinationPort == port && (vni is null || Vni == vni);

    public bool Carries(string text) => Inner?.Contains(text, StringComparison.Ordinal) == true || Summary.Contains(text, StringComparison.Ordinal);

    public static IReadOnlyList<CapturedPacket> ParseAll(string tcpdumpOutput)
    {
        var lines = tcpdumpOutput.Replace("\r", "").Split('\n');
        var packets = new List<CapturedPacket>();
        for (var i = 0; i < lines.Length; i++)
        {
            var m = Outer().Match(lines[i]);
            if (!m.Success) continue;
            var raw = lines[i];
            var summary = m.Groups["rest"].Value.Trim();
            string? inner = null;
            // tcpdump prints the decapsulated packet on its own line (VXLAN) or after the GRE header on the same line.
            if (i + 1 < lines.Length && lines[i + 1].StartsWith("IP ", StringComparison.Ordinal))
            {
                inner = lines[++i].Trim();
            }
            else if (summary.IndexOf(": IP ", StringComparison.Ordinal) is var at and >= 0)
            {
                inner = summary[(at + 2)..];
            }

            packets.Add(new CapturedPacket(
                m.Groups["if"].Success ? m.Groups["if"].Value : null,
                m.Groups["src"].Value, Port(m.Groups["sport"]), m.Groups["dst"].Value, Port(m.Groups["dport"]), summary, inner, raw));
        }

        return packets;
    }

    private static int? Port(Group g) => g.Success ? int.Parse(g.Value) : null;

    // "20:44:01.203257 x-labs2-n1-a P   IP 192.168.205.10.46185 > 192.168.205.11.4789: VXLAN, …" (with -i any: interface and direction)
    [GeneratedRegex(@"^\d\d:\d\d:\d\d\.\d+\s+(?:(?<if>\S+)\s+(?:In|Out|P|M|B|U)\s+)?IP\s+(?<src>\d+\.\d+\.\d+\.\d+)(?:\.(?<sport>\d+))?\s+>\s+(?<dst>\d+\.\d+\.\d+\.\d+)(?:\.(?<dport>\d+))?:\s*(?<rest>.*)$")]
    private static partial Regex Outer();

    [GeneratedRegex(@"(?:vni|instance)\s+(\d+)")]
    private static partial Regex VniPattern();
}
