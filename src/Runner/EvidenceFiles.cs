using LabSpecs.Core;

namespace LabSpecs.Runner;

/// <summary>
/// Files behind the evidence attachments (Reqnroll attaches files only): reports/evidence/&lt;pid&gt;-&lt;n&gt;.&lt;kind&gt;.
/// Reqnroll embeds each file in the messages, so the files are kept only for the run that wrote them.
/// </summary>
public static class EvidenceFiles
{
    public const string CommandExtension = "labspecs-command";
    public const string WaitExtension = "labspecs-wait";
    public const string EnvironmentExtension = "labspecs-environment";

    private static int _sequence;

    /// <summary>The media type Reqnroll should give a file attached under this name, or null for its own guess.</summary>
    public static string? MediaTypeOf(string fileName) => Path.GetExtension(fileName) switch
    {
        "." + CommandExtension => EvidenceJson.CommandMediaType,
        "." + WaitExtension => EvidenceJson.WaitMediaType,
        "." + EnvironmentExtension => EvidenceJson.EnvironmentMediaType,
        _ => null,
    };

    public static bool IsTyped(string fileName) => MediaTypeOf(fileName) is not null;

    public static string Directory => Path.Combine(TestRun.ReportsDirectory ?? Path.Combine(Path.GetTempPath(), "labspecs"), "evidence");

    public static string Write(string kind, string content)
    {
        var dir = Directory;
        System.IO.Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{Environment.ProcessId}-{Interlocked.Increment(ref _sequence):D5}.{kind}");
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Removes the files of earlier runs (called when a run starts).</summary>
    public static void Clear()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
