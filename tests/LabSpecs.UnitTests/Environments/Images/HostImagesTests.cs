using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Environments.Images;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments.Images;

/// <summary>The host images' definitions (environments/embedded/host-images.txt and host-tools.txt, as embedded in the assembly).</summary>
public sealed class HostImagesTests
{
    [Test]
    public void The_engines_are_the_three_Debian_serves_and_the_default_is_the_first()
    {
        HostImages.Engines.Select(e => $"{e.Name} {e.Suite}").ShouldBe(["20.10 bookworm", "26 trixie", "latest sid"]);
        HostImages.DefaultEngine.ShouldBe("20.10");
    }

    [Test]
    public void An_image_holds_the_host_tools_and_its_engines_packages_but_not_the_machines_own()
    {
        var packages = HostImages.Packages(HostImages.Engine("26"));

        packages.ShouldContain("docker.io");
        packages.ShouldContain("docker-cli"); // trixie splits the CLI out of docker.io
        packages.ShouldContain("openssh-server");
        packages.ShouldContain("busybox-static");
        packages.ShouldNotContain("mmdebstrap");
        packages.ShouldNotContain("chromium");
        HostImages.Packages(HostImages.Engine("20.10")).ShouldNotContain("docker-cli"); // not in bookworm
    }

    [Test]
    public void An_unknown_engine_fails_listing_the_valid_ones()
    {
        var e = Should.Throw<LabSpecsException>(() => HostImages.Engine("27", "LABSPECS_ENGINE"));

        e.Message.ShouldBe("LABSPECS_ENGINE: unknown engine '27'; valid: 20.10, 26, latest");
    }

    [Test]
    public void Each_engine_is_published_under_a_name_of_its_own_recipe()
    {
        var names = HostImages.Engines.Select(e => HostImages.RecipeName(e)).ToList();

        names.Distinct().Count().ShouldBe(3);
        names[0].ShouldMatch(@"^20\.10-[0-9a-f]{12}$");
        HostImages.RecipeName(HostImages.Engine("26")).ShouldBe(names[1]); // the same recipe, the same name
    }

    [Test]
    public void The_newest_published_release_of_a_recipe_is_the_one_used_and_an_unfinished_one_is_not()
    {
        var store = Directory.CreateTempSubdirectory("labspecs-host-images-").FullName;
        try
        {
            var engine = HostImages.Engine("20.10");
            HostImages.Published(engine, store: store).ShouldBeNull();
            foreach (var release in new[] { "20260110T101500Z", "20260314T093000Z", "20260501T120000Z" })
            {
                var dir = Path.Combine(store, $"{HostImages.RecipeName(engine)}-{release}");
                Directory.CreateDirectory(dir);
                if (release != "20260501T120000Z") File.WriteAllText(Path.Combine(dir, "manifest.json"), "{}"); // the newest has no manifest: not published
            }

            Directory.CreateDirectory(Path.Combine(store, "20.10-000000000000-20270101T000000Z")); // another recipe
            HostImages.Published(engine, store: store).ShouldBe(Path.Combine(store, $"{HostImages.RecipeName(engine)}-20260314T093000Z"));
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    [Test]
    public void An_InRelease_date_is_read_as_UTC()
    {
        // the Date: line of deb.debian.org/debian/dists/bookworm/InRelease
        HostImages.ReleaseDate("Sat, 10 Jan 2026 10:15:36 UTC").ShouldBe(new DateTimeOffset(2026, 1, 10, 10, 15, 36, TimeSpan.Zero));
        HostImages.ReleaseDate("yesterday").ShouldBeNull();
    }

    [Test]
    public void The_run_engine_overrides_the_topologys_and_an_unknown_one_fails_at_once()
    {
        var topology = new TopologySpec("t", "embedded", EnvironmentFile.NoSubnet, [], "environments/x.yml") { Engine = "26" };
        var before = Environment.GetEnvironmentVariable(HostImages.EngineVariable);
        try
        {
            Environment.SetEnvironmentVariable(HostImages.EngineVariable, null);
            HostImages.EngineFor(topology).Name.ShouldBe("26");
            HostImages.EngineFor(topology with { Engine = null }).Name.ShouldBe("20.10");
            Environment.SetEnvironmentVariable(HostImages.EngineVariable, "latest");
            HostImages.EngineFor(topology).Name.ShouldBe("latest");
            Environment.SetEnvironmentVariable(HostImages.EngineVariable, "28");
            Should.Throw<LabSpecsException>(() => HostImages.EngineFor(topology)).Message.ShouldContain("unknown engine '28'; valid: 20.10, 26, latest");
        }
        finally
        {
            Environment.SetEnvironmentVariable(HostImages.EngineVariable, before);
        }
    }

    [Test]
    public void The_vm_variant_adds_a_kernel_systemd_and_the_full_kernel_tools_under_a_name_of_its_own()
    {
        var engine = HostImages.Engine("20.10");
        var packages = HostImages.Packages(engine, "vm");

        packages.ShouldContain("linux-image-cloud-amd64");
        packages.ShouldContain("systemd-sysv");
        packages.ShouldContain("openvswitch-switch");
        packages.ShouldContain("ipvsadm");
        packages.ShouldContain("sudo");
        packages.ShouldContain("docker.io"); // the engine's, as in the embedded image
        HostImages.Packages(engine).ShouldNotContain("linux-image-cloud-amd64");
        HostImages.RecipeName(engine, "vm").ShouldMatch(@"^20\.10-vm-[0-9a-f]{12}$");
    }

    [Test]
    public void A_vm_images_manifest_names_its_kernel_and_its_files_are_beside_it()
    {
        // manifest.json of a 20.10-vm image as build-host-image.sh published it
        var file = Path.Combine(TestContext.CurrentContext.TestDirectory, "Recorded", "Environments", "vm-host-image-manifest.json");
        var image = new HostImage("20.10-vm", "/var/lib/labspecs/host-images/x", HostImageManifest.Read(file));

        image.Manifest.Kernel.ShouldBe("6.1.0-50-cloud-amd64");
        image.Manifest.ServerVersion.ShouldBe("20.10.24+dfsg1");
        image.Manifest.Packages.ShouldContainKey("linux-image-6.1.0-50-cloud-amd64");
        (image.Disk, image.Kernel, image.Initrd).ShouldBe(("/var/lib/labspecs/host-images/x/disk.img", "/var/lib/labspecs/host-images/x/vmlinuz", "/var/lib/labspecs/host-images/x/initrd.img"));
    }
}
