using LabSpecs.Core;
using LabSpecs.Runner;

namespace LabSpecs.Specs.Steps.MultiHost;

/// <summary>Compose files are kept next to the feature that uses them (features/&lt;chapter&gt;/compose/&lt;lab&gt;/).</summary>
public static class ComposeFiles
{
    public static IReadOnlyDictionary<string, string> Read(string featureFolder, string directory)
    {
        var root = RunnerPaths.FeaturesDirectory(AppContext.BaseDirectory);
        var dir = Path.GetFullPath(Path.Combine(root, featureFolder, directory));
        if (!Directory.Exists(dir)) throw new LabSpecsException($"No compose directory {dir} (named \"{directory}\" relative to the feature's folder)");
        var files = Directory.GetFiles(dir).Where(f => !Path.GetFileName(f).StartsWith('.')).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        if (!files.Keys.Any(f => f.StartsWith("docker-compose", StringComparison.Ordinal))) throw new LabSpecsException($"No docker-compose.yml in {dir}");
        return files;
    }
}
