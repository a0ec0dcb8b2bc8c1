using LabSpecs.Core;

namespace LabSpecs.Environments.Images;

/// <summary>
/// The local image catalog: images built from Debian packages (no Docker Hub here), stored in the registry storage every
/// environment's registry serves as the hosts' Docker Hub mirror. Built by environments/embedded/build-images.sh, cached
/// by recipe hash (a cached build takes a fraction of a second). Progress lines ("==> ...") go to the sink as they come.
/// </summary>
public static class ImageCatalog
{
    public const string Store = "/var/lib/labspecs/images";

    /// <summary>What the catalog offers, as a lab names it (docker pull NAME).</summary>
    public static readonly IReadOnlyList<string> Images =
    [
        "busybox", "jwilder/whoami", "whoami", "debian", "nginx", "redis", "python",
        "xiaopeng163/docker-flask-demo:1.0", "xiaopeng163/docker-flask-demo:2.0", "docker-flask-demo:1.0", "docker-flask-demo:2.0", "haproxy",
        "postgres", "postgres:9.4",
    ];

    private static Task? _ensured;
    private static readonly Lock Gate = new();

    /// <summary>
    /// Builds what is missing, once per process. When this version of the build script already completed a check of the
    /// whole catalog and the catalog still holds what it held then (<see cref="ReadyStamp"/>), the script is not run again:
    /// its check would otherwise run on every <c>labspecs env up</c> (cost in src/Environments/README.md). <c>labspecs images build</c> always runs it.
    /// </summary>
    public static Task EnsureBuiltAsync(IEvidenceSink progress, CancellationToken ct = default)
    {
        lock (Gate)
        {
            if (_ensured is not null) return _ensured;
            var stamp = ReadyStamp(ScriptHash(EmbeddedScriptText()));
            if (File.Exists(stamp) && File.ReadAllText(stamp) == Inventory())
            {
                progress.Record(new EvidenceItem("images", $"catalog ready ({List().Count} images, as checked by this build script on {File.GetLastWriteTimeUtc(stamp):u})"));
                return _ensured = Task.CompletedTask;
            }

            return _ensured = BuildAsync(progress, force: false, only: null, ct);
        }
    }

    /// <summary>Written when a run of the build script (that version: its hash) checked or built the whole catalog.</summary>
    internal static string ReadyStamp(string scriptHash) => Path.Combine(Store, "scripts", $"ready-{scriptHash}");

    /// <summary>
    /// What the catalog in <paramref name="store"/> holds: its repositories and tags, and each image's layer chain the hosts
    /// are seeded with (names and digests). A ready stamp holds this text; a catalog that differs is checked again.
    /// </summary>
    public static string Inventory(string store = Store)
    {
        var images = Path.Combine(store, "unpacked", "images");
        var chains = Directory.Exists(images)
            ? Directory.GetFiles(images).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                .Select(f => $"{Path.GetFileName(f)} {File.ReadAllText(f).Trim()}")
            : [];
        return string.Join('\n', List(store).Concat(chains)) + "\n";
    }

    private static string ScriptHash(string scriptText) => BuildScript.Hash(scriptText);

    public static async Task BuildAsync(IEvidenceSink progress, bool force, string? only = null, CancellationToken ct = default, bool prune = false)
    {
        Directory.CreateDirectory(Store);
        var hash = ScriptHash(EmbeddedScriptText());
        var env = new Dictionary<string, string> { ["FORCE"] = force ? "1" : "0" };
        if (only is not null) env["ONLY"] = only;
        if (prune) env["PRUNE"] = "1";
        // while the script runs (and if it fails) nothing vouches for the catalog
        var stamp = ReadyStamp(hash);
        File.Delete(stamp);
        await BuildScript.RunAsync("build-images.sh", Store, [], env, progress, ct).ConfigureAwait(false);

        // a whole-catalog run: the next environment can trust it (a partial run, ONLY=..., proves nothing about the rest)
        if (only is null)
        {
            await File.WriteAllTextAsync(stamp + ".tmp", Inventory(), CancellationToken.None).ConfigureAwait(false);
            File.Move(stamp + ".tmp", stamp, overwrite: true);
        }
    }

    private static string EmbeddedScriptText() => BuildScript.Text("build-images.sh");

    /// <summary>Repositories and tags in the catalog's registry storage.</summary>
    public static IReadOnlyList<string> List(string store = Store)
    {
        var repos = Path.Combine(store, "registry/docker/registry/v2/repositories");
        if (!Directory.Exists(repos)) return [];
        return Directory.EnumerateDirectories(repos, "_manifests", SearchOption.AllDirectories)
            .SelectMany(m =>
            {
                var repo = Path.GetRelativePath(repos, Path.GetDirectoryName(m)!);
                var tags = Path.Combine(m, "tags");
                return Directory.Exists(tags) ? Directory.GetDirectories(tags).Select(t => $"{repo}:{Path.GetFileName(t)}") : [];
            })
            .Order().ToList();
    }
}
