using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Hooks;

/// <summary>
/// A scenario (or feature) tagged @needs-&lt;capability&gt; is skipped, with the environment's reason, when the environment
/// lacks that capability (e.g. @needs-gre on a kernel without GRE), or the hosts' Docker engine removed it
/// (@needs-cluster-store on Docker 23 and later: <see cref="EngineCapabilities"/>).
/// </summary>
[Binding]
public sealed class CapabilityHooks(FeatureContext feature, ScenarioContext scenario, IEvidenceSink evidence)
{
    public const string Prefix = "needs-";

    /// <summary>The capabilities named by @needs-X tags.</summary>
    public static List<string> Needed(IEnumerable<string> tags) =>
        tags.Select(t => t.TrimStart('@'))
            .Where(t => t.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(t => t[Prefix.Length..])
            .Distinct()
            .ToList();

    [BeforeScenario(Order = 0)]
    public async Task SkipWhenACapabilityIsMissingAsync()
    {
        var needed = Needed(scenario.ScenarioInfo.CombinedTags);
        if (needed.Count == 0) return;

        var env = FeatureEnvironment.Of(feature);
        // the engines are asked only for what only they can tell (a handbook behaviour a Docker release removed)
        var capabilities = needed.Any(n => EngineCapabilities.Removals.Any(r => r.Capability == n))
            ? await EngineVersions.CapabilitiesAsync(env, evidence).ConfigureAwait(false)
            : env.Capabilities;
        foreach (var capability in needed)
        {
            if (!capabilities.Has(capability))
            {
                throw new CapabilityMissingException(capability, capabilities.WhyMissing(capability));
            }
        }
    }
}
