namespace LabSpecs.Core;

/// <summary>
/// The one progress writer: an <see cref="IEvidenceSink"/> that prints each item as it comes, one line each, after
/// <paramref name="prefix"/> — its content (what the CLI shows), or only its title where a line per step of a build is too much
/// (the test run's progress stream).
/// </summary>
public sealed class ProgressWriter(Action<string> writeLine, string prefix = "  ", bool titlesOnly = false) : IEvidenceSink
{
    /// <summary>Indented lines on the console, as the labspecs commands print progress.</summary>
    public static ProgressWriter Console() => new(System.Console.WriteLine);

    public void Record(EvidenceItem item) => writeLine(prefix + (titlesOnly ? item.Title : item.Content));
}
