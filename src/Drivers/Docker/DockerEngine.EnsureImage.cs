using Docker.DotNet.Models;

namespace LabSpecs.Drivers.Docker;

public sealed partial class DockerEngine
{
    /// <summary>
    /// What <c>docker run</c> does before it creates a container: pulls the image when the host does not have it yet
    /// (the pull and its progress are recorded like <c>docker pull</c>); nothing is recorded when the image is already there.
    /// </summary>
    public async Task EnsureImageAsync(string image, CancellationToken ct = default)
    {
        // not recorded: docker run does not show this look either
        var present = await CallAsync($"docker image ls -q --filter reference={image}", Options.Call, c => _client.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [image] = true } },
        }, c), _ => "", ct, record: false).ConfigureAwait(false);
        if (present.Count == 0)
        {
            await PullAsync(image, ct).ConfigureAwait(false);
        }
    }
}
