using Reqnroll;

namespace LabSpecs.Specs.Support;

/// <summary>
/// A list of names as a step writes it (<c>"lo, eth0"</c>, <c>"front-tier,back-tier"</c>): the names in the order written,
/// trimmed, empty ones dropped. A step takes it as a parameter; the step's words become it through
/// <see cref="NameListTransformation"/>.
/// </summary>
public sealed class NameList(IReadOnlyList<string> names) : IReadOnlyList<string>
{
    public static NameList Parse(string text) =>
        new(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public int Count => names.Count;

    public string this[int index] => names[index];

    public IEnumerator<string> GetEnumerator() => names.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", names);
}

[Binding]
public sealed class NameListTransformation
{
    [StepArgumentTransformation]
    public static NameList Names(string text) => NameList.Parse(text);
}
