using Io.Cucumber.Messages.Types;
using Reqnroll.Formatters.RuntimeSupport;

namespace LabSpecs.Runner;

/// <summary>
/// The feature's Source, GherkinDocument and Pickles for Reqnroll's formatters (HTML, ndjson). Reqnroll's own
/// implementation reads them from resources a code-behind generator embeds; LabSpecs parses the file at run time instead.
/// </summary>
internal sealed class FeatureMessages(Source source, GherkinDocument document, IReadOnlyList<Pickle> pickles) : IFeatureLevelCucumberMessages
{
    public bool HasMessages => true;

    public Source Source { get; } = source;

    public GherkinDocument GherkinDocument { get; } = document;

    public IEnumerable<Pickle> Pickles { get; } = pickles;
}
