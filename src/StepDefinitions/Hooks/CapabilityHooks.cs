using LabSpecs.Core;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Hooks;

/// <summary>
/// A scenario (or feature) tagged @needs-&lt;capability&gt; is skipped, with the environment's reason, when the environment
/// lacks that capability (e.g. @needs-gre on a kernel without GRE).
/// </summary>
[Binding]
public sealed class CapabilityHooks(FeatureContext feature, ScenarioContext scenario)
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
    public void SkipWhenACapabilityIsMissing()
    {
        var needed = Needed(scenario.ScenarioInfo.CombinedTags);
        if (needed.Count == 0) return;

        var env = FeatureEnvironment.Of(feature);
        foreach (var capability in needed)
        {
            if (!env.Capabilities.Has(capability))
            {
                throw new CapabilityMissingException(capability, env.Capabilities.WhyMissing(capability));
            }
        }
    }
}
