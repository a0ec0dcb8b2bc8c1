using LabSpecs.Core;
using LabSpecs.Environments;
using Reqnroll;

namespace LabSpecs.Specs.Support;

/// <summary>The lab environment a feature runs on, kept in its <see cref="FeatureContext"/> by the feature hooks.</summary>
public static class FeatureEnvironment
{
    private const string Key = "LabSpecs.Environment";

    public static ILabEnvironment Of(FeatureContext feature) =>
        feature.TryGetValue(Key, out ILabEnvironment? env) && env is not null
            ? env
            : throw new LabSpecsException(
                $"Feature '{feature.FeatureInfo.Title}' has no lab environment: tag it with its topology " +
                $"({string.Join(", ", EnvironmentFile.Load().Keys.Select(t => "@" + t))}).");

    public static ILabEnvironment? TryOf(FeatureContext feature) =>
        feature.TryGetValue(Key, out ILabEnvironment? env) ? env : null;

    public static void Set(FeatureContext feature, ILabEnvironment env) => feature[Key] = env;

    public static void Clear(FeatureContext feature) => feature.Remove(Key);
}
