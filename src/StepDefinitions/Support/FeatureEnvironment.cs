using LabSpecs.Core;
using LabSpecs.Environments;
using Reqnroll;

namespace LabSpecs.Specs.Support;

/// <summary>The lab environment a feature runs on, kept in its <see cref="FeatureContext"/> by the feature hooks.</summary>
public static class FeatureEnvironment
{
    private const string Key = "LabSpecs.Environment";
    private const string TaintKey = "LabSpecs.EnvironmentTainted";

    public static ILabEnvironment Of(FeatureContext feature) =>
        feature.TryGetValue(Key, out ILabEnvironment? env) && env is not null
            ? env
            : throw new LabSpecsException(
                $"Feature '{feature.FeatureInfo.Title}' has no lab environment: tag it with its topology " +
                $"({string.Join(", ", EnvironmentFile.Load().Keys.Select(t => "@" + t))}).");

    public static ILabEnvironment? TryOf(FeatureContext feature) =>
        feature.TryGetValue(Key, out ILabEnvironment? env) ? env : null;

    public static void Set(FeatureContext feature, ILabEnvironment env) => feature[Key] = env;

    public static void Clear(FeatureContext feature)
    {
        feature.Remove(Key);
        feature.Remove(TaintKey);
    }

    /// <summary>
    /// Marks the feature's environment as not to be trusted (a cleanup failed, so a host may keep state the next feature does
    /// not expect): it is removed at the end of the feature instead of going back to the pool.
    /// </summary>
    public static void Taint(FeatureContext feature, string why) => feature[TaintKey] = why;

    public static string? TaintOf(FeatureContext feature) =>
        feature.TryGetValue(TaintKey, out string? why) ? why : null;
}
