using LabSpecs.Core;
using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps;

/// <summary>Images: pull, build, history, list, remove.</summary>
[Binding]
public sealed class ImageSteps(LabContext lab, CommandDriver commands)
{
    [Given("the image {string} is not on the docker host")]
    public async Task GivenTheImageIsNotOnTheDockerHost(string image)
    {
        await lab.Docker.RemoveImageAsync(image, force: true);
        lab.Expect.That(!await lab.Docker.HasImageAsync(image), $"the image {image} should not be on {lab.Host.Name}", () => "it is still there");
    }

    [Given("I pull the image {string}")]
    [When("I pull the image {string}")]
    public async Task WhenIPullTheImage(string image) => commands.Keep(await lab.Docker.PullAsync(image));

    [Given("I build the image {string}")]
    [When("I build the image {string}")]
    public async Task WhenIBuildTheImage(string image) => commands.Keep(await lab.DockerInWorkDirectory.BuildAsync(image)).EnsureSuccess();

    [When("I show the history of the image {string}")]
    public async Task WhenIShowTheHistory(string image) => commands.Keep(await lab.Docker.HistoryAsync(image));

    [When("I remove the image {string}")]
    public async Task WhenIRemoveTheImage(string image) => commands.Keep((await lab.Docker.RemoveImageAsync(image)).EnsureSuccess());

    [Then("the docker host lists the image {string}")]
    public async Task ThenTheDockerHostListsTheImage(string image)
    {
        var images = await lab.Docker.ImagesAsync();
        lab.Expect.That(DockerCommandLine.ImageRow(images, image) is not null, $"docker images on {lab.Host.Name} should list {image}", () => $"it lists:\n{string.Join('\n', images)}");
    }

    [Then("the docker host no longer lists the image {string}")]
    public async Task ThenTheDockerHostNoLongerListsTheImage(string image)
    {
        var images = await lab.Docker.ImagesAsync();
        lab.Expect.That(DockerCommandLine.ImageRow(images, image) is null, $"docker images on {lab.Host.Name} should no longer list {image}", () => $"it still does:\n{string.Join('\n', images)}");
    }

    [Then("the image {string} is smaller than {int} MB")]
    public async Task ThenTheImageIsSmallerThan(string image, int megabytes)
    {
        var size = await lab.Docker.ImageSizeAsync(image);
        lab.Expect.That(size < megabytes * 1_000_000L, $"the image {image} should be smaller than {megabytes} MB", () => $"it is {size / 1e6:0.0} MB ({size} bytes)");
    }
}
