using LabSpecs.Environments.Embedded;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments.Embedded;

public sealed class LayerSeedTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);

    [Test]
    public void Chain_id_is_the_sha256_of_the_parent_chain_and_the_diff_id_as_docker_computes_it()
    {
        // printf 'sha256:aaa… sha256:bbb…' | sha256sum
        LayerSeed.ChainId(A, B).ShouldBe("ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c");
    }

    [Test]
    public void A_two_layer_chain_becomes_layerdb_and_overlay2_entries_whose_diffs_point_into_the_shared_store()
    {
        // Given a catalog store with two unpacked layers and one image listing them
        var root = Directory.CreateTempSubdirectory("layerseed-").FullName;
        try
        {
            var unpacked = Path.Combine(root, "unpacked");
            foreach (var d in new[] { A, B })
            {
                Directory.CreateDirectory(Path.Combine(unpacked, d));
                File.WriteAllText(Path.Combine(unpacked, d + ".size"), "42\n");
            }

            Directory.CreateDirectory(Path.Combine(unpacked, "images"));
            File.WriteAllText(Path.Combine(unpacked, "images", "k1"), $"library/nginx:latest\t{A} {B}\n");
            File.WriteAllText(Path.Combine(unpacked, "images", "k2"), $"library/gone:latest\t{A} {new string('c', 64)}\n");
            var docker = Path.Combine(root, "docker");

            // When the chains are read and written into a host's Docker root
            var chains = LayerSeed.Chains(unpacked);
            var written = LayerSeed.Write(docker, unpacked, chains);

            // Then the chain whose layer is missing is left out, and both layers of the other are in the layer store
            chains.Count.ShouldBe(1);
            written.ShouldBe(2);
            var top = LayerSeed.ChainId(A, B);
            var db = Path.Combine(docker, "image", "overlay2", "layerdb", "sha256");
            File.ReadAllText(Path.Combine(db, A, "diff")).ShouldBe("sha256:" + A);
            File.Exists(Path.Combine(db, A, "parent")).ShouldBeFalse();
            File.ReadAllText(Path.Combine(db, top, "parent")).ShouldBe("sha256:" + A);
            File.ReadAllText(Path.Combine(db, top, "cache-id")).ShouldBe(top);
            File.ReadAllText(Path.Combine(db, top, "size")).ShouldBe("42");
            var overlay = Path.Combine(docker, "overlay2");
            new FileInfo(Path.Combine(overlay, top, "diff")).LinkTarget.ShouldBe($"{LayerSeed.HostMount}/{B}");
            File.ReadAllText(Path.Combine(overlay, top, "lower")).ShouldBe("l/" + File.ReadAllText(Path.Combine(overlay, A, "link")));
            new FileInfo(Path.Combine(overlay, "l", File.ReadAllText(Path.Combine(overlay, top, "link")))).LinkTarget.ShouldBe($"../{top}/diff");
            File.Exists(Path.Combine(overlay, A, "committed")).ShouldBeTrue();
            File.ReadAllText(Path.Combine(docker, "image", "overlay2", "distribution", "diffid-by-digest", "sha256", B)).ShouldBe("sha256:" + B);

            // And writing again (a host's reboot) adds nothing
            LayerSeed.Write(docker, unpacked, chains).ShouldBe(0);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
