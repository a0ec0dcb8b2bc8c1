using LabSpecs.Core;

namespace LabSpecs.Specs.Steps.MultiHost;

/// <summary>Compose files are kept next to the feature that uses them (features/&lt;chapter&gt;/compose/&lt;lab&gt;/).</summary>
public static class ComposeFiles
{
    public static IReadOnlyDictionary<string, string> Read(string featureFolder, string directory)
    {
        var root = FeaturesRoot();
        var dir = Path.GetFullPath(Path.Combine(root, featureFolder, directory));
        if (!Directory.Exists(dir)) throw new LabSpecsException($"No compose directory {dir} (named \"{directory}\" relative to the feature's folder)");
        var files = Directory.GetFiles(dir).Where(f => !Path.GetFileName(f).StartsWith('.')).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        if (!files.Keys.Any(f => f.StartsWith("docker-compose", StringComparison.Ordinal))) throw new LabSpecsException($"No docker-compose.yml in {dir}");
        return files;
    }

    // Same rule as the runner: LABSPECS_FEATURES, else <repository>/features (the folder holding LabSpecs.sln).
    private static string FeaturesRoot()
    {
        if (Environment.GetEnvironmentVariable("LABSPECS_FEATURES") is { Length: > 0 } set) return Path.GetFullPath(set);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LabSpecs.sln"))) return Path.Combine(dir.FullName, "features");
        }

        throw new LabSpecsException("No LabSpecs.sln above the test assembly; set LABSPECS_FEATURES");
    }
}
