using System.Net;
using System.Text;
using LabSpecs.Environments;

namespace LabSpecs.Site;

/// <summary>
/// A lab's topology drawn from the environment file: the underlay (the lab's own bridge, its subnet), LabSpecs' client
/// (.1) and the image registry (.2) above it, the hosts with their addresses and roles below. Inline SVG, no tools.
/// </summary>
public static class TopologySvg
{
    private const int BoxWidth = 190;
    private const int Gap = 24;

    public static string Draw(TopologySpec topology)
    {
        var hosts = topology.Hosts;
        var width = Math.Max(2 * (BoxWidth + Gap), hosts.Count * (BoxWidth + Gap)) + Gap;
        const int underlayY = 92;
        var sb = new StringBuilder();
        sb.Append($"<svg class=\"topology\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} 230\" width=\"{width}\" height=\"230\" role=\"img\" ")
          .Append($"aria-label=\"{Html.Attr($"Topology {topology.Name}: {string.Join(", ", hosts.Select(h => $"{h.Name} {h.Address}"))} on {topology.Subnet}")}\">");
        sb.Append($"<title>{Html.Text($"{topology.Name} ({topology.Provider})")}</title>");
        // the underlay
        sb.Append($"<line x1=\"{Gap / 2}\" y1=\"{underlayY}\" x2=\"{width - Gap / 2}\" y2=\"{underlayY}\" class=\"wire\"/>");
        sb.Append($"<text x=\"{width - Gap / 2}\" y=\"{underlayY + 20}\" text-anchor=\"end\" class=\"net\">underlay {Html.Text(topology.Subnet.ToString())}</text>");
        // LabSpecs' side of the underlay: .1 and .2
        Box(sb, Gap, 8, "LabSpecs", Offset(topology.Subnet, 1), "ssh and Docker API client", underlayY, above: true);
        Box(sb, Gap + BoxWidth + Gap, 8, "image registry", Offset(topology.Subnet, 2), "registry :5000", underlayY, above: true);
        for (var i = 0; i < hosts.Count; i++)
        {
            var h = hosts[i];
            Box(sb, Gap + i * (BoxWidth + Gap), 136, h.Name, h.Address.ToString(), string.Join(", ", h.Roles), underlayY, above: false);
        }

        return sb.Append("</svg>").ToString();
    }

    private static void Box(StringBuilder sb, int x, int y, string name, string address, string roles, int underlayY, bool above)
    {
        const int height = 64;
        var mid = x + BoxWidth / 2;
        sb.Append(above
            ? $"<line x1=\"{mid}\" y1=\"{y + height}\" x2=\"{mid}\" y2=\"{underlayY}\" class=\"link\"/>"
            : $"<line x1=\"{mid}\" y1=\"{underlayY}\" x2=\"{mid}\" y2=\"{y}\" class=\"link\"/>");
        sb.Append($"<g class=\"{(above ? "node infra" : "node host")}\"><rect x=\"{x}\" y=\"{y}\" width=\"{BoxWidth}\" height=\"{height}\" rx=\"6\"/>")
          .Append($"<text x=\"{mid}\" y=\"{y + 20}\" text-anchor=\"middle\" class=\"name\">{Html.Text(name)}</text>")
          .Append($"<text x=\"{mid}\" y=\"{y + 38}\" text-anchor=\"middle\" class=\"addr\">{Html.Text(address)}</text>")
          .Append($"<text x=\"{mid}\" y=\"{y + 55}\" text-anchor=\"middle\" class=\"roles\">{Html.Text(roles)}</text></g>");
    }

    private static string Offset(IPNetwork subnet, int n)
    {
        var bytes = subnet.BaseAddress.GetAddressBytes();
        bytes[^1] = (byte)(bytes[^1] + n);
        return new IPAddress(bytes).ToString();
    }
}
