using System.Globalization;
using System.Text.RegularExpressions;

namespace LabSpecs.Environments;

/// <summary>
/// Something the handbook shows that a Docker release removed: the capability a scenario needs for it (<c>@needs-NAME</c>),
/// the first release without it, and the change in a reader's words.
/// </summary>
public sealed record EngineRemoval(string Capability, Version RemovedIn, string Change);

/// <summary>
/// What a lab host's Docker engine can still do of what the handbook shows, from its server version (read through the
/// Docker API: <c>EngineApi.VersionAsync</c>). A scenario tagged <c>@needs-cluster-store</c> is skipped on Docker 23 and
/// later with one line naming the engine and the change: "Docker 26.1.5: --cluster-store was removed in Docker 23.0".
/// Listed in features/GLOSSARY.md; the scenario that shows today's way of doing the same is next to it in its feature.
/// </summary>
public static partial class EngineCapabilities
{
    public static readonly IReadOnlyList<EngineRemoval> Removals =
    [
        // moby v23.0.0 release notes: "Remove the deprecated --cluster-store, --cluster-advertise and --cluster-store-opt daemon options"
        new("cluster-store", new Version(23, 0), "--cluster-store was removed in Docker 23.0 (overlay networks without swarm mode need it)"),
    ];

    /// <summary>
    /// The engine capabilities of hosts whose engines answered with these server versions (host → version, e.g.
    /// "20.10.24+dfsg1"): a capability is present when every host's engine has it; missing with the first lacking host's reason.
    /// </summary>
    public static Capabilities Of(IReadOnlyList<(string Host, string ServerVersion)> engines)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var removal in Removals)
        {
            var lacking = engines.FirstOrDefault(e => Lacks(e.ServerVersion, removal));
            if (lacking.Host is null)
            {
                if (engines.Count > 0) present.Add(removal.Capability);
                continue;
            }

            var where = engines.Count > 1 ? $"{lacking.Host}: " : "";
            missing[removal.Capability] = $"{where}Docker {lacking.ServerVersion.Split('+')[0]}: {removal.Change}";
        }

        return new Capabilities(present, missing);
    }

    /// <summary>An engine whose version cannot be read (not Docker's numbering) is taken to have everything: it is not skipped for it.</summary>
    private static bool Lacks(string serverVersion, EngineRemoval removal) =>
        Parse(serverVersion) is { } v && v >= removal.RemovedIn;

    /// <summary>"20.10.24+dfsg1" → 20.10.24, "28.5.2" → 28.5.2, "26.1.5-ce" → 26.1.5; null for anything else.</summary>
    public static Version? Parse(string serverVersion)
    {
        var m = Numbering().Match(serverVersion.Trim());
        if (!m.Success) return null;
        var parts = m.Groups[1].Value.Split('.').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return parts.Length == 2 ? new Version(parts[0], parts[1]) : new Version(parts[0], parts[1], parts[2]);
    }

    [GeneratedRegex(@"^v?(\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex Numbering();
}
