using LabSpecs.Runner;
using NUnit.Framework;
using Reqnroll.Plugins;

// Core Reqnroll has no NUnit plugin: LabSpecs registers the NUnit runtime provider, attachments and the evidence sink.
[assembly: RuntimePlugin(typeof(LabSpecsRuntimePlugin))]

// Features run in parallel, one fixture per .feature file; the scenarios of a feature run one after another in file order.
[assembly: Parallelizable(ParallelScope.Fixtures)]

/// <summary>
/// Assembly-level set-up (no namespace, so it wraps every fixture): starts Reqnroll's test run (BeforeTestRun hooks)
/// and ends it (AfterTestRun hooks, report files written to reports/).
/// </summary>
[SetUpFixture]
public sealed class LabSpecsTestRun
{
    [OneTimeSetUp]
    public Task StartAsync() => TestRun.StartAsync(typeof(LabSpecsTestRun).Assembly);

    [OneTimeTearDown]
    public Task EndAsync() => TestRun.EndAsync(typeof(LabSpecsTestRun).Assembly);
}
