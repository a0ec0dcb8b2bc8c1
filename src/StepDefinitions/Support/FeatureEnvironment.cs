using LabSpecs.Core;
using LabSpecs.Environments;
using Reqnroll;

namespace LabSpecs.Specs.Support;

/// <summary>
/// The lease on a lab environment a feature holds (<see cref="EnvironmentLease"/>), kept in its <see cref="FeatureContext"/>
/// by the feature hooks: one object whose state (changed, tainted, kept) the hooks ask, not flags in the context bag.
/// </summary>
public static class FeatureEnvironment
{
    private const string Key = "LabSpecs.EnvironmentLease";

    public static ILabEnvironment Of(FeatureContext feature) =>
        LeaseOf(feature)?.Environment ?? throw new LabSpecsException(
            $"Feature '{feature.FeatureInfo.Title}' has no lab environment: tag it with its topology " +
            $"({string.Join(", ", EnvironmentFile.Load().Keys.Select(t => "@" + t))}).");

    public static ILabEnvironment? TryOf(FeatureContext feature) => LeaseOf(feature)?.Environment;

    public static EnvironmentLease? LeaseOf(FeatureContext feature) =>
        feature.TryGetValue(Key, out EnvironmentLease? lease) ? lease : null;

    public static void Set(FeatureContext feature, EnvironmentLease lease) => feature[Key] = lease;

    /// <summary>The lease, no longer the feature's (to release it).</summary>
    public static EnvironmentLease? Take(FeatureContext feature)
    {
        var lease = LeaseOf(feature);
        feature.Remove(Key);
        return lease;
    }
}
