using Io.Cucumber.Messages.Types;
using Reqnroll.Formatters.Configuration;
using Reqnroll.Formatters.Message;
using Reqnroll.Formatters.RuntimeSupport;
using Reqnroll.Utils;

namespace LabSpecs.Runner;

/// <summary>
/// Reqnroll's "message" formatter (the .ndjson report), flushed after every message: Reqnroll's own buffers 64 KiB and
/// flushes when the run ends, so a killed run left nothing. Now a run killed with kill -9 leaves every message written
/// up to the moment it died (the last line may be cut; readers skip it).
/// </summary>
public sealed class FlushingMessageFormatter(IFormattersConfigurationProvider configuration, IFormatterLog logger, IFileSystem fileSystem)
    : MessageFormatter(configuration, logger, fileSystem)
{
    protected override async Task WriteToFile(Envelope envelope, CancellationToken cancellationToken)
    {
        await base.WriteToFile(envelope, cancellationToken).ConfigureAwait(false);
        if (TargetFileStream is { } stream) await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
