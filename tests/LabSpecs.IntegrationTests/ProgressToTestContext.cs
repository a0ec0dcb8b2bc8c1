using LabSpecs.Core;
using NUnit.Framework;

namespace LabSpecs.IntegrationTests;

/// <summary>An environment's progress lines, shown as the test runs.</summary>
internal sealed class ProgressToTestContext : IEvidenceSink
{
    public void Record(EvidenceItem item) => TestContext.Progress.WriteLine($"  {item.Content}");
}
