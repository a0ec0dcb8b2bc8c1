using NUnit.Framework;
using LabSpecs.Core;
using LabSpecs.Drivers.Docker;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Docker;

public class DockerEngineErrorTests
{
    [Test]
    public async Task An_engine_that_is_not_there_fails_with_the_cli_line_host_and_endpoint_and_is_recorded()
    {
        var log = new EvidenceLog();
        var socket = Path.Combine(Path.GetTempPath(), $"x-drv-nosuch-{Guid.NewGuid():N}.sock");
        using var docker = new DockerEngine("host1", new Uri("unix://" + socket), "run1", log,
            DockerEngineOptions.Default with { Call = TimeSpan.FromSeconds(5) });

        var e = await Should.ThrowAsync<DockerEngineException>(() => docker.CreateNetworkAsync(new NetworkSpec("my-bridge")));

        e.Message.ShouldContain("docker network create -d bridge my-bridge", customMessage: e.Message);
        e.Message.ShouldContain("host1", customMessage: e.Message);
        e.EngineMessage.ShouldContain(socket, customMessage: e.Message);
        var item = log.Items.ShouldHaveSingleItem();
        item.Title.ShouldBe("docker network create -d bridge my-bridge");
        item.Content.ShouldStartWith("[host1]$ docker network create -d bridge my-bridge\nError: ", customMessage: item.Content);
    }

    [Test]
    public async Task Looking_for_an_image_on_an_engine_that_is_not_there_fails_like_any_engine_call()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"x-drv-nosuch-{Guid.NewGuid():N}.sock");
        using var docker = new DockerEngine("host1", new Uri("unix://" + socket), "run1", NullEvidenceSink.Instance,
            DockerEngineOptions.Default with { Call = TimeSpan.FromSeconds(5) });

        var e = await Should.ThrowAsync<DockerEngineException>(() => docker.EnsureImageAsync("busybox:latest"));

        e.Message.ShouldContain("docker image ls -q --filter reference=busybox:latest", customMessage: e.Message);
        e.EngineMessage.ShouldContain(socket, customMessage: e.Message);
    }

    [Test]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        using var docker = new DockerEngine("host1", new Uri("unix:///nonexistent/x-drv.sock"), "run1", NullEvidenceSink.Instance);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => docker.InfoAsync(cts.Token));
    }
}
