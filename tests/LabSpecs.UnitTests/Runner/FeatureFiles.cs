namespace LabSpecs.UnitTests.Runner;

/// <summary>A temporary features directory for one test; deleted on dispose.</summary>
internal sealed class FeatureFiles : IDisposable
{
    public FeatureFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "x-runner-features-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
