using LabSpecs.Core;
using LabSpecs.Environments;
using Reqnroll;

namespace LabSpecs.Specs.Support;

/// <summary>The lab environment a feature runs on, kept in its <see cref="FeatureContext"/> by the feature hooks.</summary>
public static class FeatureEnvironment
{
    private const string Key = "LabSpecs.Environment";
    private const string TaintKey = "LabSpecs.EnvironmentTainted";
    private const string ChangedKey = "LabSpecs.EnvironmentChanged";

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
        feature.Remove(ChangedKey);
    }

    /// <summary>
    /// The feature's environment still holds a scenario's costly changes (a swarm, an engine restarted with other settings,
    /// a cluster store), not undone because the environment is replaceable: it is replaced before the feature's next scenario
    /// (<see cref="Hooks.ScenarioHooks"/>), or removed after the feature if no scenario follows. <paramref name="changes"/> are
    /// the undos, for when no replacement can be had.
    /// </summary>
    public static void MarkChanged(FeatureContext feature, EnvironmentChanges changes) => feature[ChangedKey] = changes;

    public static EnvironmentChanges? ChangedOf(FeatureContext feature) =>
        feature.TryGetValue(ChangedKey, out EnvironmentChanges? changes) ? changes : null;

    public static void ClearChanged(FeatureContext feature) => feature.Remove(ChangedKey);

    /// <summary>
    /// Marks the feature's environment as not to be trusted (a cleanup failed, so a host may keep state the next feature does
    /// not expect): it is removed at the end of the feature instead of going back to the pool.
    /// </summary>
    public static void Taint(FeatureContext feature, string why) => feature[TaintKey] = why;

    public static string? TaintOf(FeatureContext feature) =>
        feature.TryGetValue(TaintKey, out string? why) ? why : null;
}

/// <summary>What a scenario left on its environment (<see cref="FeatureEnvironment.MarkChanged"/>): by whom, and the undos in order.</summary>
public sealed record EnvironmentChanges(string Scenario, IReadOnlyList<ScenarioCleanup> Undos)
{
    public string Summary => $"{Undos.Count} change(s) of '{Scenario}', among them: {Undos.First(u => u.Cost == CleanupCost.Costly).What}";
}
