using System.Runtime.CompilerServices;
using LabSpecs.Core;
using LabSpecs.Environments;

namespace LabSpecs.Specs.Support;

/// <summary>
/// The Docker engine each host of an environment runs, asked once per environment through the Docker API
/// (<see cref="EngineApi.VersionAsync(ILabHost, TimeSpan, CancellationToken)"/>, the one way a host's engine version is asked;
/// recorded as <c>docker version</c> in the report), and what that engine can still do of the handbook (<see cref="EngineCapabilities"/>).
/// </summary>
public static class EngineVersions
{
    private static readonly ConditionalWeakTable<ILabEnvironment, Task<IReadOnlyList<(string Host, string ServerVersion)>>> Asked = new();

    public static Task<IReadOnlyList<(string Host, string ServerVersion)>> OfAsync(ILabEnvironment env, IEvidenceSink evidence) =>
        Asked.GetValue(env, e => AskAsync(e, evidence));

    /// <summary>The environment's capabilities and its engines' (a scenario tagged @needs-cluster-store asks for these).</summary>
    public static async Task<Capabilities> CapabilitiesAsync(ILabEnvironment env, IEvidenceSink evidence) =>
        env.Capabilities.With(EngineCapabilities.Of(await OfAsync(env, evidence).ConfigureAwait(false)));

    private static async Task<IReadOnlyList<(string Host, string ServerVersion)>> AskAsync(ILabEnvironment env, IEvidenceSink evidence) =>
        await Task.WhenAll(env.Hosts.Select(async h =>
        {
            var version = await EngineApi.VersionAsync(h, Timeouts.Default.Exec).ConfigureAwait(false);
            evidence.Record(new EvidenceItem(Cli, $"[{h.Name}]$ {Cli}\n{version}"));
            return (h.Name, version);
        })).ConfigureAwait(false);

    private const string Cli = "docker version --format '{{.Server.Version}}'";
}
