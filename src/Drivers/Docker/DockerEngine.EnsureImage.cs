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
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Options.Call);
        var present = await _client.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [image] = true } },
        }, cts.Token).ConfigureAwait(false);
        if (present.Count == 0)
        {
            await PullAsync(image, ct).ConfigureAwait(false);
        }
    }
}
