namespace LabSpecs.Runner;

/// <summary>
/// The hooks whose time the suite figures (<c>labspecs figures</c>) count as cleanup and as reset, by method name (what the
/// Cucumber messages say of a hook). The lab assembly checks at discovery that each is one of its hook methods.
/// </summary>
public static class LabHooks
{
    /// <summary>Undo after a scenario, or the replacement of a changed environment before the next.</summary>
    public static readonly IReadOnlyList<string> Cleanup = ["UndoScenarioCleanupsAsync", "ReplaceAChangedEnvironmentAsync"];

    /// <summary>The per-scenario reset of the environment.</summary>
    public static readonly IReadOnlyList<string> Reset = ["ResetEnvironmentAsync"];
}
