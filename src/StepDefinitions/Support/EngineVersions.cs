using System.Runtime.CompilerServices;
using LabSpecs.Core;
using LabSpecs.Drivers.Docker;
using LabSpecs.Environments;

namespace LabSpecs.Specs.Support;

/// <summary>
/// The Docker engine each host of an environment runs, asked once per environment through the Docker API
/// (<see cref="DockerEngine.VersionAsync"/>, recorded as <c>docker version</c> in the report), and what that engine can still do
/// of the handbook (<see cref="EngineCapabilities"/>).
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
            using var engine = DockerEngine.For(h, env.Id, evidence);
            return (h.Name, (await engine.VersionAsync().ConfigureAwait(false)).ServerVersion);
        })).ConfigureAwait(false);
}
