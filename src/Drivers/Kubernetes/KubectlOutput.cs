using System.Globalization;
using System.Text.RegularExpressions;
using LabSpecs.Drivers.DockerCommands;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>A row of <c>kubectl get pods [-o wide]</c> (IP and NODE only with -o wide).</summary>
public sealed record PodRow(string Name, string Ready, string Status, int Restarts, string Age, string? Ip, string? Node)
{
    /// <summary>"1/1" → every container of the pod is ready.</summary>
    public bool AllReady => Ready.Split('/') is [var r, var t] && r == t && r != "0";
}

/// <summary>A row of <c>kubectl get nodes</c>: 1.5 showed the role in STATUS ("Ready,master"), today it has a ROLES column.</summary>
public sealed record NodeRow(string Name, string Status, string Roles, string Age)
{
    public bool IsReady => Status.Split(',').Contains("Ready");

    public bool IsControlPlane =>
        Roles.Split(',').Any(r => r is "control-plane" or "master") || Status.Split(',').Contains("master");
}

/// <summary>One entry of a service's PORT(S): "6379/TCP", or "80:32204/TCP" for a NodePort service (port:nodePort).</summary>
public sealed record ServicePort(int Port, int? NodePort, string Protocol);

/// <summary>A row of <c>kubectl get svc</c> (TYPE is absent in the handbook's 1.5 output).</summary>
public sealed record ServiceRow(string Name, string Type, string ClusterIp, string ExternalIp, IReadOnlyList<ServicePort> Ports)
{
    public int? NodePortFor(int port) => Ports.FirstOrDefault(p => p.Port == port)?.NodePort;
}

/// <summary>What <c>kubectl create/apply</c> said it made: "pod/redis created" (today) or "pod "redis" created" (1.5).</summary>
public sealed record CreatedObject(string Kind, string Name, string Verb);

/// <summary>Parsers of what kubectl prints, tested on the handbook's transcripts and today's output.</summary>
public static partial class KubectlOutput
{
    public static IReadOnlyList<PodRow> Pods(string text) =>
        Rows(text, "NAME", "READY", "STATUS").Select(r => new PodRow(r["NAME"], r["READY"], r["STATUS"], LeadingInt(r["RESTARTS"]), r["AGE"],
            NullIfNone(r["IP"]), NullIfNone(r["NODE"]))).ToList();

    public static IReadOnlyList<NodeRow> Nodes(string text) =>
        Rows(text, "NAME", "STATUS").Select(r => new NodeRow(r["NAME"], r["STATUS"], NullIfNone(r["ROLES"]) ?? "", r["AGE"])).ToList();

    public static IReadOnlyList<ServiceRow> Services(string text) =>
        Rows(text, "NAME", "PORT(S)").Select(r => new ServiceRow(r["NAME"], r["TYPE"], r["CLUSTER-IP"], r["EXTERNAL-IP"], Ports(r["PORT(S)"]))).ToList();

    public static IReadOnlyList<ServicePort> Ports(string cell) =>
        cell.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => PortCell().Match(p))
            .Where(m => m.Success)
            .Select(m => new ServicePort(int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture),
                m.Groups["node"].Success ? int.Parse(m.Groups["node"].Value, CultureInfo.InvariantCulture) : null, m.Groups["proto"].Value))
            .ToList();

    public static IReadOnlyList<CreatedObject> Created(string text) =>
        CreatedLine().Matches(text).Select(m => new CreatedObject(
            m.Groups["kind"].Value.Split('.')[0], m.Groups["name"].Value, m.Groups["verb"].Value)).ToList();

    private static IEnumerable<TableRow> Rows(string text, params string[] required)
    {
        var rows = CliTable.Parse(text);
        var header = text.Split('\n').FirstOrDefault(l => l.Trim().Length > 0) ?? "";
        if (!required.All(c => header.Contains(c, StringComparison.Ordinal)))
        {
            throw new FormatException($"not a kubectl table with the columns {string.Join(", ", required)}:\n{text}");
        }

        return rows;
    }

    private static int LeadingInt(string cell) => LeadingNumber().Match(cell) is { Success: true } m ? int.Parse(m.Value, CultureInfo.InvariantCulture) : 0;

    private static string? NullIfNone(string cell) => cell is "" or "<none>" ? null : cell;

    [GeneratedRegex(@"^(?<port>\d+)(?::(?<node>\d+))?/(?<proto>[A-Z]+)$")]
    private static partial Regex PortCell();

    [GeneratedRegex("""^(?<kind>[a-z][a-z0-9.-]*)(?:/(?<name>[a-z0-9.-]+)| "(?<name>[a-z0-9.-]+)") (?<verb>created|configured|deleted|scaled|unchanged)\s*$""", RegexOptions.Multiline)]
    private static partial Regex CreatedLine();

    [GeneratedRegex(@"^\d+")]
    private static partial Regex LeadingNumber();
}
