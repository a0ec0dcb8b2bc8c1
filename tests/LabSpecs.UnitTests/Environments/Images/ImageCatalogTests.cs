using LabSpecs.Environments.Images;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments.Images;

/// <summary>The catalog's inventory is what a ready stamp vouches for: any change to what the catalog holds must show in it.</summary>
public sealed class ImageCatalogTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);

    [Test]
    public void The_inventory_changes_when_a_tag_or_an_image_chain_is_lost_or_changed_and_ignores_unfinished_files()
    {
        // Given a catalog store with one repository tag and one image chain, as build-images.sh leaves them
        var store = Directory.CreateTempSubdirectory("catalog-").FullName;
        try
        {
            var tag = Path.Combine(store, "registry/docker/registry/v2/repositories/library/nginx/_manifests/tags/latest");
            Directory.CreateDirectory(tag);
            var images = Path.Combine(store, "unpacked", "images");
            Directory.CreateDirectory(images);
            File.WriteAllText(Path.Combine(images, "k1"), $"library/nginx:latest\t{A} {B}\n");
            var ready = ImageCatalog.Inventory(store);
            ready.ShouldContain("library/nginx:latest");
            ImageCatalog.List(store).ShouldBe(["library/nginx:latest"]);

            // Then an unfinished file of a running build does not count
            File.WriteAllText(Path.Combine(images, "k2.tmp"), "half written");
            ImageCatalog.Inventory(store).ShouldBe(ready);

            // and a changed chain, a lost chain and a lost tag each make another inventory
            File.WriteAllText(Path.Combine(images, "k1"), $"library/nginx:latest\t{A}\n");
            ImageCatalog.Inventory(store).ShouldNotBe(ready);
            File.Delete(Path.Combine(images, "k1"));
            ImageCatalog.Inventory(store).ShouldNotBe(ready);
            File.WriteAllText(Path.Combine(images, "k1"), $"library/nginx:latest\t{A} {B}\n");
            ImageCatalog.Inventory(store).ShouldBe(ready);
            Directory.Delete(tag);
            ImageCatalog.Inventory(store).ShouldNotBe(ready);
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }
}
