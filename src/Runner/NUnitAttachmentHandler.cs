using NUnit.Framework;
using Reqnroll.Infrastructure;
using Reqnroll.Tracing;

namespace LabSpecs.Runner;

/// <summary>Files attached through IReqnrollOutputHelper.AddAttachment also become NUnit test attachments (except typed evidence).</summary>
public sealed class NUnitAttachmentHandler(ITraceListener traceListener) : ReqnrollAttachmentHandler(traceListener)
{
    public override void AddAttachment(string filePath)
    {
        base.AddAttachment(filePath);
        // typed evidence is for the reports; NUnit/TRX keep the readable log and the full-output files
        if (!EvidenceFiles.IsTyped(filePath)) TestContext.AddTestAttachment(filePath);
    }
}
