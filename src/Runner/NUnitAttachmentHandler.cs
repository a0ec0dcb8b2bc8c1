using NUnit.Framework;
using Reqnroll.Infrastructure;
using Reqnroll.Tracing;

namespace LabSpecs.Runner;

/// <summary>Files attached through IReqnrollOutputHelper.AddAttachment also become NUnit test attachments.</summary>
public sealed class NUnitAttachmentHandler(ITraceListener traceListener) : ReqnrollAttachmentHandler(traceListener)
{
    public override void AddAttachment(string filePath)
    {
        base.AddAttachment(filePath);
        TestContext.AddTestAttachment(filePath);
    }
}
