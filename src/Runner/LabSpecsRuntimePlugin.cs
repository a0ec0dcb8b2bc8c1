using LabSpecs.Core;
using Reqnroll.Formatters;
using Reqnroll.Formatters.PayloadProcessing.Cucumber;
using Reqnroll.Infrastructure;
using Reqnroll.Plugins;
using Reqnroll.UnitTestProvider;

namespace LabSpecs.Runner;

/// <summary>
/// Registers what the (unavailable) Reqnroll.NUnit plugin would, plus LabSpecs' evidence sink. Activated by
/// <c>[assembly: RuntimePlugin(typeof(LabSpecsRuntimePlugin))]</c> in the test assembly.
/// </summary>
public sealed class LabSpecsRuntimePlugin : IRuntimePlugin
{
    public void Initialize(RuntimePluginEvents runtimePluginEvents, RuntimePluginParameters runtimePluginParameters,
        UnitTestProviderConfiguration unitTestProviderConfiguration)
    {
        unitTestProviderConfiguration.UseUnitTestProvider(NUnitRuntimeProvider.Name);

        // Must happen at RegisterGlobalDependencies: CustomizeGlobalDependencies runs after Reqnroll resolved the provider.
        runtimePluginEvents.RegisterGlobalDependencies += (_, e) =>
        {
            e.ObjectContainer.RegisterTypeAs<NUnitRuntimeProvider, IUnitTestRuntimeProvider>(NUnitRuntimeProvider.Name);
            e.ObjectContainer.RegisterTypeAs<NUnitAttachmentHandler, IReqnrollAttachmentHandler>();
            // evidence attachments with their own media types, and an ndjson that survives a killed run
            e.ObjectContainer.RegisterTypeAs<LabSpecsMessageFactory, ICucumberMessageFactory>();
            e.ObjectContainer.RegisterTypeAs<FlushingMessageFormatter, ICucumberMessageFormatter>("message");
        };
        runtimePluginEvents.CustomizeScenarioDependencies += (_, e) =>
            e.ObjectContainer.RegisterTypeAs<ReqnrollEvidenceSink, IEvidenceSink>();
    }
}
