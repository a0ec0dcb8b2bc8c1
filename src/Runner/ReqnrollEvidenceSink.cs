using LabSpecs.Core;
using Reqnroll;

namespace LabSpecs.Runner;

/// <summary>
/// The per-scenario <see cref="IEvidenceSink"/>: each item is written through Reqnroll's output helper, so it lands
/// under the step that is running in the HTML/ndjson report (and in the test's console output). A command or a wait is
/// also attached as data (<see cref="EvidenceJson"/> media types) to the same step; a command's long output is cut in
/// that attachment and attached in full as a text file.
/// Steps and drivers get it by constructor injection of <see cref="IEvidenceSink"/>.
/// </summary>
public sealed class ReqnrollEvidenceSink(IReqnrollOutputHelper output) : IEvidenceSink, ICommandHistory
{
    public ExecResult? LastCommand { get; private set; }

    public void Record(EvidenceItem item)
    {
        output.WriteLine(Format(item));
        if (item.Command is { } command)
        {
            if (!item.IsDiagnostic) LastCommand = command;
            string? full = null;
            if (EvidenceJson.IsLong(command))
            {
                var path = EvidenceFiles.Write("output.txt", command.ToTranscript());
                output.AddAttachment(path);
                full = Path.GetFileName(path);
            }

            output.AddAttachment(EvidenceFiles.Write(EvidenceFiles.CommandExtension, EvidenceJson.Command(command, item.IsDiagnostic, full)));
        }

        if (item.Wait is { } wait)
        {
            output.AddAttachment(EvidenceFiles.Write(EvidenceFiles.WaitExtension, EvidenceJson.Wait(wait)));
        }

        if (item.Environment is { } facts)
        {
            output.AddAttachment(EvidenceFiles.Write(EvidenceFiles.EnvironmentExtension, EvidenceJson.Environment(facts)));
        }
    }

    /// <summary>Title line, then the content verbatim; a transcript that already starts with its command is not repeated.</summary>
    public static string Format(EvidenceItem item)
    {
        var content = item.Content.TrimEnd('\n');
        var firstLine = content.Split('\n', 2)[0];
        var body = firstLine.EndsWith(item.Title, StringComparison.Ordinal) ? content : item.Title + "\n" + content;
        return (item.IsDiagnostic ? "[diagnostic] " : "") + body;
    }
}
