using Reqnroll;

namespace LabSpecs.Runner;

/// <summary>Which ITestRunner method a step goes through (the same choice generated code makes from the keyword).</summary>
public enum StepCall { Given, When, Then, And, But }

/// <summary>
/// One step of a pickle, ready to hand to Reqnroll: keyword as written, text with outline values filled in, arguments, and
/// <see cref="Line"/> (the step's line in its file) so a problem with it can be named as file:line.
/// </summary>
public sealed record ScenarioStep(StepCall Call, string Keyword, string Text, string? DocString, IReadOnlyList<IReadOnlyList<string>>? DataTable, int Line = 0)
{
    /// <summary>A fresh Reqnroll table per run (bindings may mutate tables).</summary>
    public Table? ToTable()
    {
        if (DataTable is not { Count: > 0 } rows)
        {
            return null;
        }

        var table = new Table(rows[0].ToArray());
        foreach (var row in rows.Skip(1))
        {
            table.AddRow(row.ToArray());
        }

        return table;
    }
}
