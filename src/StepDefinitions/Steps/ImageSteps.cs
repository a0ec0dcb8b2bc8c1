using System.Globalization;
using LabSpecs.Core;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>Images: pull, build, history, list, remove.</summary>
[Binding]
public sealed class ImageSteps(LabContext lab)
{
    [Given("the image {string} is not on the docker host")]
    public async Task GivenTheImageIsNotOnTheDockerHost(string image)
    {
        await lab.Docker.RunAsync($"rmi -f {Q(image)}");
        (await lab.Docker.RunAsync($"image inspect --format '{{{{.Id}}}}' {Q(image)}")).Succeeded
            .ShouldBeFalse($"the image {image} is still on {lab.Host.Name}");
    }

    [Given("I pull the image {string}")]
    [When("I pull the image {string}")]
    public async Task WhenIPullTheImage(string image) =>
        lab.LastResult = (await lab.Docker.RunAsync($"pull {Q(image)}", Timeouts.Default.Provision)).EnsureSuccess();

    [Given("I build the image {string}")]
    [When("I build the image {string}")]
    public async Task WhenIBuildTheImage(string image)
    {
        lab.RegisterCleanup($"remove image {image}", ct => lab.Docker.RunAsync($"rmi -f {Q(image)}", ct: ct));
        lab.LastResult = await new LabSpecs.Drivers.Cli.DockerCommandLine(lab.WorkShell)
            .RunAsync($"build -t {Q(image)} .", Timeouts.Default.Provision);
        lab.LastCommand.EnsureSuccess();
    }

    [When("I show the history of the image {string}")]
    public async Task WhenIShowTheHistory(string image) =>
        lab.LastResult = (await lab.Docker.RunAsync($"history --no-trunc {Q(image)}")).EnsureSuccess();

    [When("I remove the image {string}")]
    public async Task WhenIRemoveTheImage(string image) =>
        lab.LastResult = (await lab.Docker.RunAsync($"rmi {Q(image)}")).EnsureSuccess();

    [Then("the docker host lists the image {string}")]
    public async Task ThenTheDockerHostListsTheImage(string image)
    {
        var images = await lab.Docker.ImagesAsync();
        images.Any(i => Matches(i["REPOSITORY"], i["TAG"], image))
            .ShouldBeTrue($"docker images on {lab.Host.Name} does not list {image}:\n{string.Join('\n', images)}");
    }

    [Then("the docker host no longer lists the image {string}")]
    public async Task ThenTheDockerHostNoLongerListsTheImage(string image)
    {
        var images = await lab.Docker.ImagesAsync();
        images.Any(i => Matches(i["REPOSITORY"], i["TAG"], image))
            .ShouldBeFalse($"docker images on {lab.Host.Name} still lists {image}:\n{string.Join('\n', images)}");
    }

    [Then("the image {string} is smaller than {int} MB")]
    public async Task ThenTheImageIsSmallerThan(string image, int megabytes)
    {
        var size = long.Parse((await lab.Docker.MustAsync($"image inspect --format '{{{{.Size}}}}' {Q(image)}")).Stdout.Trim(),
            CultureInfo.InvariantCulture);
        size.ShouldBeLessThan(megabytes * 1_000_000L, $"the image {image} is {size} bytes");
    }

    private static bool Matches(string repository, string tag, string image)
    {
        var (repo, wanted) = image.LastIndexOf(':') is var i && i > image.LastIndexOf('/') ? (image[..i], image[(i + 1)..]) : (image, "latest");
        return repository == repo && tag == wanted;
    }

    private static string Q(string s) => LocalProcess.Quote(s);
}
