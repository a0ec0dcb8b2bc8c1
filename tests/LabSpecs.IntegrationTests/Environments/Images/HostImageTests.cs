using LabSpecs.Environments;
using LabSpecs.Environments.Embedded;
using LabSpecs.Environments.Images;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.IntegrationTests.Environments.Images;

/// <summary>
/// A lab host's root is its engine's host image (an overlay of it), not this machine's: its engine is the image's, and what
/// this machine has of its own (a hand-installed docker CLI, /root, /opt) is not there.
/// </summary>
[TestFixture, Category("environment"), NonParallelizable]
public sealed class HostImageTests
{
    [Test]
    public async Task A_host_runs_its_images_engine_and_sees_nothing_of_the_machines_own_files()
    {
        // Given files of this machine's own in /root, /opt and /usr/local/bin (where a hand-installed docker CLI would be)
        var marker = $"labspecs-it-{Guid.NewGuid():N}";
        string[] planted = [$"/root/{marker}", $"/opt/{marker}", $"/usr/local/bin/{marker}"];
        foreach (var f in planted) await File.WriteAllTextAsync(f, "this machine's own\n");
        try
        {
            // When a single-host environment boots
            var provider = new EmbeddedProvider();
            await using var env = (EmbeddedEnvironment)await provider.CreateAsync(EnvironmentFile.Topology("single-host"), new ProgressToTestContext());
            var host = env.Host("docker-host");

            // Then its engine is the one its image's manifest recorded, its docker CLI the image's, and the machine's files are absent
            var version = await host.ExecAsync("docker version --format '{{.Server.Version}}' && command -v docker && findmnt -n -o FSTYPE /");
            version.ExitCode.ShouldBe(0, version.ToTranscript());
            version.Stdout.ShouldBe($"{env.Image.Manifest.ServerVersion}\n/usr/bin/docker\noverlay\n", version.ToTranscript());
            env.Image.Root.ShouldStartWith(HostImages.Store);
            var seen = await host.ExecAsync($"for f in {string.Join(' ', planted)}; do [ ! -e $f ] || echo \"visible: $f\"; done; ls -A /opt /usr/local/bin");
            seen.ExitCode.ShouldBe(0, seen.ToTranscript());
            seen.Stdout.ShouldNotContain("visible:", customMessage: seen.ToTranscript());
            seen.Stdout.ShouldNotContain("docker", customMessage: seen.ToTranscript());
            env.ToString().ShouldContain($"engine {env.Image.Name}: Docker {env.Image.Manifest.ServerVersion}");
        }
        finally
        {
            foreach (var f in planted) File.Delete(f);
        }
    }

    [Test]
    public async Task A_host_image_records_its_packages_and_its_engines_docker_version()
    {
        // Given the default engine's image (published by an earlier run, else built now)
        var engine = HostImages.Engine(HostImages.DefaultEngine);
        var image = await HostImages.EnsureAsync(engine, new ProgressToTestContext());

        // Then its manifest records the packages the engine needs and the engine's docker version
        image.Manifest.Packages.Keys.ShouldContain("docker.io");
        image.Manifest.Packages.Keys.ShouldContain("openssh-server");
        image.Manifest.DockerVersionText.ShouldContain("Server:");
        File.Exists(Path.Combine(image.Root, "usr/sbin/dockerd")).ShouldBeTrue();
        image.Directory.ShouldStartWith(Path.Combine(HostImages.Store, HostImages.RecipeName(engine)) + "-");
        HostImages.Published(engine).ShouldBe(image.Directory);
    }
}
