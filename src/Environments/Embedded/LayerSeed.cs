using System.Security.Cryptography;
using System.Text;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// Seeds a host's Docker layer store (before its dockerd starts) with the image catalog's layers, so that pulling a catalog
/// image downloads its manifest and config but no layer ("Already exists"): downloading, hashing and untarring a layer is
/// CPU-bound in dockerd (figures: README.md, "Why a pull costs almost nothing"). Images are not seeded: <c>docker images</c> stays empty until the lab pulls.
/// Each layer is the catalog's unpacked copy (<c>/var/lib/labspecs/images/unpacked/DIGEST</c>, bound read-only at
/// <see cref="HostMount"/> by host-boot.sh), referenced by a symlink: <c>overlay2/CHAIN/diff -> /run/.layers/DIGEST</c>.
/// Removing the image (docker rmi) deletes the symlink only; a later pull unpacks the layer for real.
/// The files written are those of Docker 20.10's overlay2 driver and layer store (layerdb: diff, size, cache-id, parent;
/// distribution/diffid-by-digest; overlay2: link, lower, work, l/LINK).
/// </summary>
public static class LayerSeed
{
    public const string HostMount = "/run/.layers";

    /// <summary><c>LABSPECS_SEED_LAYERS=0</c> turns seeding off (bench/goals.sh compares both).</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable("LABSPECS_SEED_LAYERS") != "0";

    public static string CatalogUnpacked => Path.Combine(Images.ImageCatalog.Store, "unpacked");

    /// <summary>Image layer chains of the catalog (base layer first), as build-images.sh lists them; chains whose layers are missing are left out.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Chains(string unpacked)
    {
        var dir = Path.Combine(unpacked, "images");
        if (!Directory.Exists(dir)) return [];
        var chains = new List<IReadOnlyList<string>>();
        foreach (var file in Directory.GetFiles(dir).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                if (tab < 0) continue;
                var digests = line[(tab + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (digests.Length > 0 && digests.All(d => Directory.Exists(Path.Combine(unpacked, d)) && File.Exists(Path.Combine(unpacked, d + ".size"))))
                {
                    chains.Add(digests);
                }
            }
        }

        return chains;
    }

    /// <summary>Writes the layer store entries into <paramref name="dockerRoot"/> (the host's /var/lib/docker, not yet in use).</summary>
    public static int Write(string dockerRoot, string unpacked, IReadOnlyList<IReadOnlyList<string>> chains)
    {
        var layerdb = Path.Combine(dockerRoot, "image", "overlay2", "layerdb", "sha256");
        var byDigest = Path.Combine(dockerRoot, "image", "overlay2", "distribution", "diffid-by-digest", "sha256");
        var overlay = Path.Combine(dockerRoot, "overlay2");
        Directory.CreateDirectory(layerdb);
        Directory.CreateDirectory(byDigest);
        Directory.CreateDirectory(Path.Combine(overlay, "l"));
        var written = 0;
        foreach (var chain in chains)
        {
            string? parent = null;
            var lower = "";
            foreach (var digest in chain)
            {
                var id = parent is null ? digest : ChainId(parent, digest);
                var link = id[..26].ToUpperInvariant();
                var layer = Path.Combine(overlay, id);
                if (!Directory.Exists(Path.Combine(layerdb, id)))
                {
                    Directory.CreateDirectory(layer);
                    File.CreateSymbolicLink(Path.Combine(layer, "diff"), Path.Combine(HostMount, digest));
                    File.WriteAllText(Path.Combine(layer, "link"), link);
                    File.CreateSymbolicLink(Path.Combine(overlay, "l", link), Path.Combine("..", id, "diff"));
                    if (parent is not null)
                    {
                        Directory.CreateDirectory(Path.Combine(layer, "work"));
                        File.WriteAllText(Path.Combine(layer, "lower"), lower);
                        File.WriteAllText(Path.Combine(overlay, parent, "committed"), "");
                    }

                    var db = Path.Combine(layerdb, id + ".tmp");
                    Directory.CreateDirectory(db);
                    File.WriteAllText(Path.Combine(db, "diff"), "sha256:" + digest);
                    File.WriteAllText(Path.Combine(db, "size"), File.ReadAllText(Path.Combine(unpacked, digest + ".size")).Trim());
                    File.WriteAllText(Path.Combine(db, "cache-id"), id);
                    if (parent is not null) File.WriteAllText(Path.Combine(db, "parent"), "sha256:" + parent);
                    Directory.Move(db, Path.Combine(layerdb, id));
                    // The catalog's blobs are the uncompressed layers: blob digest = diff ID.
                    File.WriteAllText(Path.Combine(byDigest, digest), "sha256:" + digest);
                    written++;
                }

                lower = parent is null ? $"l/{link}" : $"l/{link}:{lower}";
                parent = id;
            }
        }

        return written;
    }

    /// <summary>Docker's chain ID: sha256 of "sha256:PARENT sha256:DIFFID".</summary>
    public static string ChainId(string parentChain, string diffId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes($"sha256:{parentChain} sha256:{diffId}"))).ToLowerInvariant();
}
