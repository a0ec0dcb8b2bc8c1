using System.Diagnostics;
using LabSpecs.Core;
using LabSpecs.Environments.Images;

namespace LabSpecs.Cli;

internal static class ImageCommands
{
    /// <summary>
    /// The catalog, then the host image of the run's engine (LABSPECS_ENGINE, else the default), refreshed against its suite's
    /// Release: setup builds what the labs will boot, and an unknown engine fails here, before any lab.
    /// </summary>
    public static async Task<int> BuildAsync(bool force, bool prune, CancellationToken ct)
    {
        var engine = Environment.GetEnvironmentVariable(HostImages.EngineVariable) is { Length: > 0 } run
            ? HostImages.Engine(run, HostImages.EngineVariable) : HostImages.Engine(HostImages.DefaultEngine);
        var clock = Stopwatch.StartNew();
        await ImageCatalog.BuildAsync(ProgressWriter.Console(), force, Environment.GetEnvironmentVariable("ONLY"), ct, prune);
        Console.WriteLine($"image catalog ready in {clock.Elapsed.TotalSeconds:0.0} s");
        return await HostsAsync([engine.Name], refresh: true, store: HostImages.Store, ct);
    }

    /// <summary>
    /// <c>labspecs images hosts [ENGINE...] [--refresh] [--store DIR] [--variant NAME]</c>: each engine's host image (of that
    /// variant of host-images.txt), built when missing (the default engine when none is named); prints its engine, package
    /// count, directory and how long finding or building it took.
    /// </summary>
    public static async Task<int> HostsAsync(IReadOnlyList<string> args, bool refresh, string store, CancellationToken ct, string? variant = null)
    {
        var names = args.Count > 0 ? args : [HostImages.DefaultEngine];
        foreach (var engine in names.Select(n => HostImages.Engine(n, "labspecs images hosts")).ToList())
        {
            var clock = Stopwatch.StartNew();
            var image = await HostImages.EnsureAsync(engine, ProgressWriter.Console(), ct, variant, refresh, store);
            Console.WriteLine($"host image {image.EngineDescription} ({image.Manifest.Packages.Count} packages, Debian {image.Manifest.Suite}) " +
                $"ready in {clock.Elapsed.TotalSeconds:0.000} s: {image.Directory}");
        }

        return 0;
    }

    public static int List()
    {
        foreach (var image in ImageCatalog.List()) Console.WriteLine(image);
        foreach (var engine in HostImages.Engines)
        {
            foreach (var variant in HostImages.Variants.Prepend(null))
            {
                var published = HostImages.Published(engine, variant);
                Console.WriteLine($"host image {HostImages.ImageName(engine, variant)} (Debian {engine.Suite}): {published ?? "not built yet"}");
            }
        }

        return 0;
    }
}
