using System.Collections.Concurrent;

namespace LabSpecs.Runner;

/// <summary>All .feature files under a features directory, in path order, read when tests are discovered.</summary>
public static class FeatureCatalog
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<LabFeature>> Cache = new(StringComparer.Ordinal);

    /// <summary>The features of a directory, loaded once per test run (the same FeatureInfo objects for every scenario).</summary>
    public static IReadOnlyList<LabFeature> For(string featuresDirectory) =>
        Cache.GetOrAdd(Path.GetFullPath(featuresDirectory), Load);

    public static IReadOnlyList<LabFeature> Load(string featuresDirectory)
    {
        if (!Directory.Exists(featuresDirectory))
        {
            throw new DirectoryNotFoundException(
                $"Features directory {featuresDirectory} does not exist (set {RunnerPaths.FeaturesVariable} or the runsettings parameter {RunnerPaths.FeaturesParameter}).");
        }

        var features = Directory.EnumerateFiles(featuresDirectory, "*.feature", SearchOption.AllDirectories)
            .Select(p => FeatureLoader.Load(p, featuresDirectory))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
        NameFixtures(features);
        return features;
    }

    /// <summary>Fixture = feature title; two files with the same title are told apart by their path.</summary>
    internal static void NameFixtures(IReadOnlyList<LabFeature> features)
    {
        var repeated = features.GroupBy(f => f.Title, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var f in features)
        {
            f.FixtureName = repeated.Contains(f.Title) ? $"{f.Title} ({f.RelativePath})" : f.Title;
        }
    }
}
