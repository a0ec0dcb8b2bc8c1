using System.Text.Json;
using LabSpecs.Core;

namespace LabSpecs.Environments.Images;

/// <summary>An engine a lab host can run: its name (as <c>engine:</c> and -Engine name it), the Debian suite, its own packages.</summary>
public sealed record HostEngine(string Name, string Suite, IReadOnlyList<string> Packages);

/// <summary>
/// A published host image: <see cref="Root"/> is the root file system hosts overlay (read-only lower), <see cref="Manifest"/>
/// what was installed in it.
/// </summary>
public sealed record HostImage(string Name, string Directory, HostImageManifest Manifest)
{
    public string Root => Path.Combine(Directory, "root");

    /// <summary>"20.10: Docker 20.10.24+dfsg1": the engine as the progress line and the report show it.</summary>
    public string EngineDescription => $"{Name}: Docker {Manifest.ServerVersion}";
}

/// <summary>manifest.json of a host image: every package's version (dpkg-query) and the engine's <c>docker version</c>.</summary>
public sealed record HostImageManifest(string Name, string Suite, IReadOnlyDictionary<string, string> Packages, string ServerVersion,
    string DockerVersionText, DateTimeOffset Built, long BuildMilliseconds)
{
    public static HostImageManifest Read(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var r = doc.RootElement;
        return new HostImageManifest(r.GetProperty("name").GetString()!, r.GetProperty("suite").GetString()!,
            r.GetProperty("packages").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            r.GetProperty("docker_version").GetProperty("Server").GetProperty("Version").GetString()!,
            r.GetProperty("docker_version_text").GetString()!,
            DateTimeOffset.Parse(r.GetProperty("built").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            r.GetProperty("build_ms").GetInt64());
    }
}

/// <summary>
/// The lab hosts' root file systems, one per engine (environments/embedded/host-images.txt), built from Debian packages by
/// environments/embedded/build-host-image.sh. An image is named by what goes into it (suite, packages, builder script):
/// <c>/var/lib/labspecs/host-images/ENGINE-KEY/{root,manifest.json}</c>. <see cref="EnsureAsync"/> finds a published one
/// by that name alone (a directory and a small JSON file), else builds it; concurrent builds of one image wait for each other.
/// </summary>
public static class HostImages
{
    public const string Store = "/var/lib/labspecs/host-images";

    /// <summary>Chooses the engine of every embedded host of a run (run.ps1 -Engine); above a topology's <c>engine:</c>.</summary>
    public const string EngineVariable = "LABSPECS_ENGINE";

    private static readonly Lazy<Definitions> Defined = new(() => Definitions.Parse(BuildScript.Text("host-images.txt"), BuildScript.Text("host-tools.txt")));

    public static IReadOnlyList<HostEngine> Engines => Defined.Value.Engines;

    /// <summary>The default engine (the first of host-images.txt).</summary>
    public static string DefaultEngine => Engines[0].Name;

    /// <summary>The engine named, or an error listing the valid ones (<paramref name="where"/> says who named it).</summary>
    public static HostEngine Engine(string name, string where = "engine") =>
        Engines.FirstOrDefault(e => e.Name == name)
            ?? throw new LabSpecsException($"{where}: unknown engine '{name}'; valid: {string.Join(", ", Engines.Select(e => e.Name))}");

    /// <summary>The engine a topology's hosts run: LABSPECS_ENGINE (the run's choice), else the topology's <c>engine:</c>, else the default.</summary>
    public static HostEngine EngineFor(TopologySpec topology)
    {
        if (Environment.GetEnvironmentVariable(EngineVariable) is { Length: > 0 } run) return Engine(run, EngineVariable);
        return Engine(topology.Engine ?? DefaultEngine, $"topology '{topology.Name}' in {topology.SourceFile}");
    }

    /// <summary>Every package of the image: host-tools.txt's host packages, the engine's and the variant's.</summary>
    public static IReadOnlyList<string> Packages(HostEngine engine, string? variant = null) =>
        [.. Defined.Value.HostPackages.Concat(engine.Packages).Concat(Defined.Value.Variant(variant)).Distinct().Order(StringComparer.Ordinal)];

    public static string ImageName(HostEngine engine, string? variant = null) => variant is null ? engine.Name : $"{engine.Name}-{variant}";

    /// <summary>The published directory: named by the builder script, the suite, the mirror and the packages.</summary>
    public static string PublishedDirectory(HostEngine engine, string? variant = null, string store = Store)
    {
        var recipe = string.Join('\n', [BuildScript.Hash(BuildScript.Text("build-host-image.sh")), engine.Suite, Mirror, .. Packages(engine, variant)]);
        return Path.Combine(store, $"{ImageName(engine, variant)}-{BuildScript.Hash(recipe)}");
    }

    private static string Mirror => Environment.GetEnvironmentVariable("DEBIAN_MIRROR") ?? "http://deb.debian.org/debian";

    private static readonly Dictionary<string, Task<HostImage>> Ensured = [];
    private static readonly Lock Gate = new();

    /// <summary>
    /// The image of <paramref name="engine"/> (and <paramref name="variant"/>): the published one when its recipe is unchanged
    /// (a directory and its manifest: milliseconds), else built now (first build ~1-2 min; another run needing it waits).
    /// Once per process and image.
    /// </summary>
    public static Task<HostImage> EnsureAsync(HostEngine engine, IEvidenceSink progress, CancellationToken ct = default, string? variant = null)
    {
        var dir = PublishedDirectory(engine, variant);
        lock (Gate)
        {
            if (Ensured.TryGetValue(dir, out var known) && !known.IsFaulted && !known.IsCanceled) return known;
            var manifest = Path.Combine(dir, "manifest.json");
            if (File.Exists(manifest))
            {
                var image = new HostImage(ImageName(engine, variant), dir, HostImageManifest.Read(manifest));
                return Ensured[dir] = Task.FromResult(image);
            }

            return Ensured[dir] = BuildAsync(engine, variant, dir, progress, ct);
        }
    }

    private static async Task<HostImage> BuildAsync(HostEngine engine, string? variant, string dir, IEvidenceSink progress, CancellationToken ct)
    {
        var name = ImageName(engine, variant);
        progress.Record(new EvidenceItem("images", $"host image {name}: building from Debian {engine.Suite} (first time only, about a minute)"));
        try
        {
            await BuildScript.RunAsync("build-host-image.sh", Store, [name, engine.Suite, dir, .. Packages(engine, variant)],
                new Dictionary<string, string> { ["LABSPECS_HOST_IMAGE_STORE"] = Store }, progress, ct).ConfigureAwait(false);
        }
        catch (CommandFailedException e)
        {
            throw new LabSpecsException($"host image {name} (Debian {engine.Suite}) could not be built:\n{e.Result.Stdout.TrimEnd()}", e);
        }

        return new HostImage(name, dir, HostImageManifest.Read(Path.Combine(dir, "manifest.json")));
    }

    /// <summary>host-images.txt (engines, variants) and host-tools.txt's host packages.</summary>
    internal sealed record Definitions(IReadOnlyList<HostEngine> Engines, IReadOnlyDictionary<string, IReadOnlyList<string>> Variants, IReadOnlyList<string> HostPackages)
    {
        public IReadOnlyList<string> Variant(string? name) =>
            name is null ? [] : Variants.TryGetValue(name, out var p) ? p
                : throw new LabSpecsException($"host-images.txt: unknown variant '{name}'; valid: {string.Join(", ", Variants.Keys)}");

        public static Definitions Parse(string hostImages, string hostTools)
        {
            var engines = new List<HostEngine>();
            var variants = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var f in Fields(hostImages))
            {
                switch (f)
                {
                    case ["engine", var name, var suite, .. var packages]: engines.Add(new HostEngine(name, suite, packages)); break;
                    case ["variant", var name, .. var packages]: variants[name] = packages; break;
                    default: throw new LabSpecsException($"host-images.txt: not 'engine NAME SUITE PACKAGES...' or 'variant NAME PACKAGES...': {string.Join(' ', f)}");
                }
            }

            var hostPackages = Fields(hostTools).Where(f => f.Length >= 3 && f[2] is "host" or "both").Select(f => f[1]).Distinct().ToList();
            return new Definitions(engines, variants, hostPackages);
        }

        private static IEnumerable<string[]> Fields(string text) =>
            text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
