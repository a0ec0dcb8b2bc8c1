using System.Formats.Tar;
using Docker.DotNet.Models;
using LabSpecs.Core;

namespace LabSpecs.Drivers.Docker;

public sealed partial class DockerEngine
{
    /// <summary><c>docker pull IMAGE</c>; the progress the engine streams is the evidence (one line per layer status change).</summary>
    public Task PullAsync(string image, CancellationToken ct = default)
    {
        var (name, tag) = SplitReference(image);
        var progress = new StreamLog();
        var cli = DockerCli.Line("docker", "pull", image);
        return CallAsync(cli, Options.Pull, async c =>
        {
            await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, null, progress, c)
                .ConfigureAwait(false);
            progress.ThrowIfFailed(cli, Host);
            return progress.Text;
        }, text => text, ct);
    }

    /// <summary>
    /// <c>docker build -t TAG [-f DOCKERFILE] CONTEXT</c>: sends <paramref name="contextDir"/> as a tar, streams the build log
    /// into the evidence, labels the image with the run label, and returns the image id.
    /// </summary>
    public Task<string> BuildAsync(string contextDir, string tag, string dockerfile = "Dockerfile", CancellationToken ct = default)
    {
        var log = new StreamLog();
        var cli = DockerCli.Build(contextDir, tag, dockerfile);
        return CallAsync(cli, Options.Build, async c =>
        {
            using var context = new MemoryStream();
            await TarFile.CreateFromDirectoryAsync(contextDir, context, includeBaseDirectory: false, c).ConfigureAwait(false);
            context.Position = 0;
            var parameters = new ImageBuildParameters
            {
                Tags = [tag], Dockerfile = dockerfile, Remove = true, Labels = new Dictionary<string, string> { [RunLabel] = RunId },
            };
            await _client.Images.BuildImageFromDockerfileAsync(parameters, context, null, null, log, c).ConfigureAwait(false);
            log.ThrowIfFailed(cli, Host);
            var image = await _client.Images.InspectImageAsync(tag, c).ConfigureAwait(false);
            return image.ID;
        }, _ => log.Text, ct);
    }

    /// <summary><c>docker images</c>: one row per repository:tag (untagged images as &lt;none&gt;).</summary>
    public Task<IReadOnlyList<ImageSummary>> ImagesAsync(CancellationToken ct = default) =>
        CallAsync("docker images", Options.Call, async c =>
        {
            var images = await _client.Images.ListImagesAsync(new ImagesListParameters(), c).ConfigureAwait(false);
            IReadOnlyList<ImageSummary> rows = images
                .SelectMany(i => (i.RepoTags is { Count: > 0 } tags ? tags : ["<none>:<none>"]).Select(t =>
                {
                    var (repo, tag) = SplitReference(t);
                    return new ImageSummary(repo, tag, i.ID, i.Created, i.Size);
                }))
                .ToList();
            return rows;
        }, DockerTables.Images, ct);

    /// <summary>Splits <c>registry:5000/library/busybox:1.36</c> into repository and tag (default <c>latest</c>); a port is not a tag.</summary>
    public static (string Repository, string Tag) SplitReference(string reference)
    {
        var at = reference.IndexOf('@');
        if (at >= 0) return (reference[..at], reference[(at + 1)..]);
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
    }

    /// <summary>Collects the JSON message stream of pull/build as readable lines; the engine reports errors inside the stream.</summary>
    private sealed class StreamLog : IProgress<JSONMessage>
    {
        private readonly List<string> _lines = [];
        private readonly Dictionary<string, string> _lastStatusById = [];
        private string? _error;

        public string Text
        {
            get { lock (_lines) { return string.Join('\n', _lines); } }
        }

        public void Report(JSONMessage value)
        {
            lock (_lines)
            {
                if (value.Error is not null)
                {
                    _error = value.Error.Message;
                    _lines.Add("ERROR: " + _error);
                }
                else if (!string.IsNullOrWhiteSpace(value.Stream))
                {
                    _lines.Add(value.Stream.TrimEnd('\n'));
                }
                else if (!string.IsNullOrEmpty(value.Status))
                {
                    // Progress bars repeat "Downloading" per chunk: keep a line only when a layer's status changes.
                    var id = value.ID ?? "";
                    if (_lastStatusById.TryGetValue(id, out var last) && last == value.Status) return;
                    _lastStatusById[id] = value.Status;
                    _lines.Add(string.IsNullOrEmpty(id) ? value.Status : $"{id}: {value.Status}");
                }
            }
        }

        /// <summary>The engine's error from the stream, with the log that led to it, as a typed exception.</summary>
        public void ThrowIfFailed(string cli, string host)
        {
            if (_error is not null) throw new DockerEngineException(cli, host, null, _error + "\n" + Text);
        }
    }
}
