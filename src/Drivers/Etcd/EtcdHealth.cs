using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.Etcd;

/// <summary>One line of <c>etcdctl cluster-health</c>: "member 21eca106efe4caee is healthy: got healthy result from http://…".</summary>
public sealed record EtcdMemberHealth(string Id, bool Healthy, string ClientUrl);

/// <summary>What <c>ETCDCTL_API=2 etcdctl cluster-health</c> printed, as the handbook shows it.</summary>
public sealed partial record EtcdHealth(IReadOnlyList<EtcdMemberHealth> Members, bool ClusterHealthy, string Output)
{
    public static EtcdHealth Parse(string output)
    {
        var members = MemberLine().Matches(output)
            .Select(m => new EtcdMemberHealth(m.Groups["id"].Value, m.Groups["state"].Value == "healthy", m.Groups["url"].Value))
            .ToList();
        var healthy = output.Split('\n').Any(l => l.Trim() == "cluster is healthy");
        return new EtcdHealth(members, healthy, output);
    }

    [GeneratedRegex(@"^member (?<id>[0-9a-f]+) is (?<state>healthy|unhealthy|unreachable)(?:: got (?:healthy|unhealthy) result from (?<url>\S+))?",
        RegexOptions.Multiline)]
    private static partial Regex MemberLine();
}
