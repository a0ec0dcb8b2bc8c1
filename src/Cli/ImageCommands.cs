using System.Diagnostics;
using LabSpecs.Core;
using LabSpecs.Environments.Images;

namespace LabSpecs.Cli;

internal static class ImageCommands
{
    public static async Task<int> BuildAsync(bool force, bool prune, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await ImageCatalog.BuildAsync(ProgressWriter.Console(), force, Environment.GetEnvironmentVariable("ONLY"), ct, prune);
        Console.WriteLine($"image catalog ready in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    public static int List()
    {
        foreach (var image in ImageCatalog.List()) Console.WriteLine(image);
        return 0;
    }
}
