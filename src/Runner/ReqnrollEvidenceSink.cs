using LabSpecs.Core;
using Reqnroll;

namespace LabSpecs.Runner;

/// <summary>
/// The per-scenario <see cref="IEvidenceSink"/>: each item is written through Reqnroll's output helper, so it lands
/// under the step that is running in the HTML/ndjson report (and in the test's console output).
/// Steps and drivers get it by constructor injection of <see cref="IEvidenceSink"/>.
/// </summary>
public sealed class ReqnrollEvidenceSink(IReqnrollOutputHelper output) : IEvidenceSink
{
    public void Record(EvidenceItem item) => output.WriteLine(Format(item));

    /// <summary>Title line, then the content verbatim; a transcript that already starts with its command is not repeated.</summary>
    public static string Format(EvidenceItem item)
    {
        var content = item.Content.TrimEnd('\n');
        var firstLine = content.Split('\n', 2)[0];
        var body = firstLine.EndsWith(item.Title, StringComparison.Ordinal) ? content : item.Title + "\n" + content;
        return (item.IsDiagnostic ? "[diagnostic] " : "") + body;
    }
}
