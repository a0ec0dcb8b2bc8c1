using System.Text;

namespace LabSpecs.Runner;

/// <summary>
/// "Did you mean": the step catalog's phrases closest to a step no binding matches. A step's quoted texts and numbers are
/// read as the parameters they would fill (<c>"test1"</c> as <c>{string}</c>, <c>3</c> as <c>{int}</c>), then compared with each
/// phrase letter by letter (edit distance), so a typo ("contaner") or a changed word finds the phrase it was meant to be.
/// </summary>
public static class StepSuggestions
{
    /// <summary>Up to <paramref name="max"/> phrases, closest first; those of the step's own keyword first among equals.</summary>
    public static IReadOnlyList<CatalogEntry> Closest(string stepText, string keyword, IEnumerable<CatalogEntry> catalog, int max = 3)
    {
        var shape = Shape(stepText);
        var scored = catalog
            .DistinctBy(e => (e.Pattern, e.ScopeTag))
            .Select(e => (Entry: e, Distance: Variants(e.Pattern).Min(v => Distance(shape, v))))
            .Where(x => x.Distance <= Math.Max(3, shape.Length / 3))
            .ToList();
        // a near miss hides the far ones: "a contaner" suggests "a container", not every phrase ending in "from {string}"
        var best = scored.Count == 0 ? 0 : scored.Min(x => x.Distance);
        return scored
            .Where(x => x.Distance <= best + Math.Max(3, shape.Length / 8))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Entry.Keywords.Split('/').Contains(keyword, StringComparer.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(x => x.Entry.Pattern, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Entry)
            .ToList();
    }

    /// <summary>One suggestion as a learner reads it: the phrase, then an example of it from the features.</summary>
    public static string Describe(CatalogEntry entry) =>
        entry.Pattern + (entry.Example is { } example ? $" (e.g. {example})" : "") + (entry.ScopeTag is { } tag ? $" [in @{tag} features]" : "");

    /// <summary>The step with its quoted texts as {string} and its whole numbers as {int}.</summary>
    public static string Shape(string stepText)
    {
        var shape = new StringBuilder();
        for (var i = 0; i < stepText.Length; i++)
        {
            var c = stepText[i];
            if (c is '"' or '\'' && stepText.IndexOf(c, i + 1) is var end and > 0)
            {
                shape.Append("{string}");
                i = end;
            }
            else if (char.IsAsciiDigit(c) && (i == 0 || !char.IsLetterOrDigit(stepText[i - 1])))
            {
                var j = i;
                while (j + 1 < stepText.Length && char.IsAsciiDigit(stepText[j + 1])) j++;
                if (j + 1 < stepText.Length && char.IsLetter(stepText[j + 1]))
                {
                    shape.Append(stepText, i, j - i + 1); // "10s", "3rd": words, not numbers
                }
                else
                {
                    shape.Append("{int}");
                }

                i = j;
            }
            else
            {
                shape.Append(c);
            }
        }

        return shape.ToString();
    }

    /// <summary>A phrase with its optional text "(s)" left out and put in: "interface(s)" gives "interface" and "interfaces".</summary>
    private static IEnumerable<string> Variants(string pattern)
    {
        var open = pattern.IndexOf('(', StringComparison.Ordinal);
        var close = open < 0 ? -1 : pattern.IndexOf(')', open);
        if (close < 0)
        {
            yield return pattern;
            yield break;
        }

        foreach (var rest in Variants(pattern[(close + 1)..]))
        {
            yield return pattern[..open] + rest;
            yield return pattern[..open] + pattern[(open + 1)..close] + rest;
        }
    }

    /// <summary>Levenshtein distance (insert, delete, replace one letter), case-insensitive.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var same = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]);
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (same ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
