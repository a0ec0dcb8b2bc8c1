namespace LabSpecs.Core;

/// <summary>
/// A Then step's check held, but what the engine printed is not the handbook's transcript (Docker 20.10 names no gateway
/// for the default bridge on its first start; compose v2 names containers project-service-1): the step records a note with
/// this title, and the site lists the notes per engine on the lab's page.
/// </summary>
public static class HandbookDifference
{
    public const string Title = "differs from the handbook";

    public static EvidenceItem Note(string text) => new(Title, text);
}
