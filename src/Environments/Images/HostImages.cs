using System.Text.Json;
using LabSpecs.Core;

namespace LabSpecs.Environments.Images;

/// <summary>An engine a lab host can run: its name (as <c>engine:</c> and -Engine name it), the Debian suite, its own packages.</summary>
public sealed record HostEngine(string Name, string Suite, IReadOnlyList<string> Packages);

/// <summary>
/// A published host image: <see cref="Root"/> is the root file system hosts overlay (read-only lower), <see cref="Manifest"/>
/// what was installed in it. A vm variant image has no root/ but a bootable <see cref="Disk"/> with its <see cref="Kernel"/>
/// and <see cref="Initrd"/> (src/Environments/README.md "Host images").
/// </summary>
public sealed record HostImage(string Name, string Directory, HostImageManifest Manifest)
{
    public string Root => Path.Combine(Directory, "root");

    /// <summary>vm variant: the raw ext4 root file system (label labspecs-root) a VM boots as /dev/vda, through a qcow2 overlay.</summary>
    public string Disk => Path.Combine(Directory, "disk.img");

    /// <summary>vm variant: the image's kernel (qemu -kernel); its version is <see cref="HostImageManifest.Kernel"/>.</summary>
    public string Kernel => Path.Combine(Directory, "vmlinuz");

    /// <summary>vm variant: the image's initrd (qemu -initrd): virtio and ext4 modules, enough for root=/dev/vda.</summary>
    public string Initrd => Path.Combine(Directory, "initrd.img");

    /// <summary>"20.10: Docker 20.10.24+dfsg1": the engine as the progress line and the report show it.</summary>
    public string EngineDescription => $"{Name}: Docker {Manifest.ServerVersion}";
}

/// <summary>
/// manifest.json of a host image: every package's version (dpkg-query) and the engine's <c>docker version</c>; a vm variant
/// image's also the kernel's version (<c>6.1.0-50-cloud-amd64</c>), null for the others.
/// </summary>
public sealed record HostImageManifest(string Name, string Suite, IReadOnlyDictionary<string, string> Packages, string ServerVersion,
    string DockerVersionText, DateTimeOffset Built, long BuildMilliseconds, string? Kernel = null)
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
            r.GetProperty("build_ms").GetInt64(),
            r.TryGetProperty("kernel", out var kernel) ? kernel.GetString() : null);
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

    /// <summary>The variants of host-images.txt (<c>vm</c>): each engine's image with more packages.</summary>
    public static IReadOnlyList<string> Variants => [.. Defined.Value.Variants.Keys];

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

    /// <summary><c>engine: 26</c> of a topology whose hosts this project boots: an engine of host-images.txt (file:line errors list the valid ones).</summary>
    public static TopologySpec ReadEngineKey(TopologySpec topology, YamlFile file, YamlDotNet.RepresentationModel.YamlMappingNode node)
    {
        if (YamlFile.Optional(node, "engine") is not { } n) return topology;
        var engine = file.Scalar(n, "engine");
        var valid = Engines.Select(e => e.Name).ToList();
        return valid.Contains(engine) ? topology with { Engine = engine }
            : throw file.Error(n, $"topology '{topology.Name}': unknown engine '{engine}'; valid: {string.Join(", ", valid)}");
    }

    /// <summary>Every package of the image: host-tools.txt's host packages, the engine's and the variant's.</summary>
    public static IReadOnlyList<string> Packages(HostEngine engine, string? variant = null) =>
        [.. Defined.Value.HostPackages.Concat(engine.Packages).Concat(Defined.Value.Variant(variant)).Distinct().Order(StringComparer.Ordinal)];

    public static string ImageName(HostEngine engine, string? variant = null) => variant is null ? engine.Name : $"{engine.Name}-{variant}";

    /// <summary>
    /// The published image's name without its release: ENGINE[-VARIANT]-KEY, KEY a hash of the builder script, the suite, the
    /// mirror and the packages. A published directory adds the date of the suite's Release it was built from
    /// (<c>20.10-0123456789ab-20260110T101500Z</c>): the same recipe from a newer Release is a new image beside the old one.
    /// </summary>
    public static string RecipeName(HostEngine engine, string? variant = null)
    {
        var recipe = string.Join('\n', [BuildScript.Hash(BuildScript.Text("build-host-image.sh")), engine.Suite, Mirror, .. Packages(engine, variant)]);
        return $"{ImageName(engine, variant)}-{BuildScript.Hash(recipe)}";
    }

    /// <summary>The newest published directory of this recipe (by its Release date), or null.</summary>
    public static string? Published(HostEngine engine, string? variant = null, string store = Store)
    {
        if (!System.IO.Directory.Exists(store)) return null;
        return System.IO.Directory.GetDirectories(store, RecipeName(engine, variant) + "-*")
            .Where(d => File.Exists(Path.Combine(d, "manifest.json"))).Order(StringComparer.Ordinal).LastOrDefault();
    }

    private static string Mirror => Environment.GetEnvironmentVariable("DEBIAN_MIRROR") ?? "http://deb.debian.org/debian";

    private static readonly Dictionary<string, Task<HostImage>> Ensured = [];
    private static readonly Lock Gate = new();

    /// <summary>
    /// The image of <paramref name="engine"/> (and <paramref name="variant"/>): the newest published one of its recipe (a
    /// directory listing and a small manifest), else built now (another run needing it
    /// waits). With <paramref name="refresh"/> (setup: <c>labspecs images build</c>) the suite's Release date is asked of the
    /// mirror first, and an image built from an older Release is built again. Once per process and image.
    /// </summary>
    public static Task<HostImage> EnsureAsync(HostEngine engine, IEvidenceSink progress, CancellationToken ct = default, string? variant = null,
        bool refresh = false, string store = Store)
    {
        var key = $"{store}/{RecipeName(engine, variant)}";
        lock (Gate)
        {
            if (Ensured.TryGetValue(key, out var known) && !known.IsFaulted && !known.IsCanceled) return known;
            var published = Published(engine, variant, store);
            if (published is not null && !refresh) return Ensured[key] = Task.FromResult(Read(engine, variant, published));
            return Ensured[key] = BuildIfStaleAsync(engine, variant, published, store, progress, ct);
        }
    }

    private static HostImage Read(HostEngine engine, string? variant, string dir) =>
        new(ImageName(engine, variant), dir, HostImageManifest.Read(Path.Combine(dir, "manifest.json")));

    private static async Task<HostImage> BuildIfStaleAsync(HostEngine engine, string? variant, string? published, string store, IEvidenceSink progress, CancellationToken ct)
    {
        var name = ImageName(engine, variant);
        var release = await ReleaseDateAsync(engine.Suite, ct).ConfigureAwait(false);
        if (published is not null)
        {
            var image = Read(engine, variant, published);
            if (release is null || published.EndsWith("-" + ReleaseStamp(release.Value), StringComparison.Ordinal)) return image;
            Say(progress, $"host image {name}: Debian {engine.Suite} has a newer Release ({release:u}); building it again");
        }

        var dir = Path.Combine(store, $"{RecipeName(engine, variant)}-{ReleaseStamp(release ?? DateTimeOffset.UtcNow)}");
        Say(progress, $"host image {name}: building from Debian {engine.Suite} (first time only, about a minute)");
        try
        {
            await BuildScript.RunAsync("build-host-image.sh", store, [name, engine.Suite, dir, .. Packages(engine, variant)],
                new Dictionary<string, string> { ["LABSPECS_HOST_IMAGE_STORE"] = store, ["DEBIAN_MIRROR"] = Mirror }, progress, ct).ConfigureAwait(false);
        }
        catch (CommandFailedException e)
        {
            throw new LabSpecsException($"host image {name} (Debian {engine.Suite}) could not be built:\n{e.Result.Stdout.TrimEnd()}", e);
        }

        return Read(engine, variant, dir);
    }

    private static void Say(IEvidenceSink progress, string line) => progress.Record(new EvidenceItem(line, line));

    private static string ReleaseStamp(DateTimeOffset date) => date.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The Date: of the suite's InRelease on the mirror (a few KB of headers read), or null when the mirror does not answer.</summary>
    internal static async Task<DateTimeOffset?> ReleaseDateAsync(string suite, CancellationToken ct)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var response = await http.GetAsync($"{Mirror}/dists/{suite}/InRelease", HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
            for (var i = 0; i < 40 && await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line; i++)
            {
                if (line.StartsWith("Date: ", StringComparison.Ordinal)) return ReleaseDate(line[6..]);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
        }

        return null;
    }

    /// <summary>An InRelease Date: value ("Sat, 10 Jan 2026 10:15:00 UTC").</summary>
    public static DateTimeOffset? ReleaseDate(string value) =>
        DateTimeOffset.TryParse(value.Replace(" UTC", " +00:00", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var d) ? d : null;

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
