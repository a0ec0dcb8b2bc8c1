using Io.Cucumber.Messages.Types;
using Reqnroll.Formatters.ExecutionTracking;
using Reqnroll.Formatters.PayloadProcessing.Cucumber;

namespace LabSpecs.Runner;

/// <summary>
/// Reqnroll's message factory, except that an evidence file (<see cref="EvidenceFiles"/>) becomes an attachment with
/// LabSpecs' own media type and its JSON inline (identity encoding) instead of a base64 octet-stream.
/// </summary>
public sealed class LabSpecsMessageFactory : CucumberMessageFactory
{
    public override Attachment ToAttachment(AttachmentTracker tracker)
    {
        var attachment = base.ToAttachment(tracker);
        if (EvidenceFiles.MediaTypeOf(tracker.FilePath) is not { } mediaType) return attachment;
        return new Attachment(File.ReadAllText(tracker.FilePath), AttachmentContentEncoding.IDENTITY, attachment.FileName, mediaType,
            attachment.Source, attachment.TestCaseStartedId, attachment.TestStepId, attachment.Url, attachment.TestRunStartedId,
            attachment.TestRunHookStartedId, attachment.Timestamp);
    }
}
