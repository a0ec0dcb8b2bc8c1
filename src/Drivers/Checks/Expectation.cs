using LabSpecs.Core;

namespace LabSpecs.Drivers.Checks;

/// <summary>
/// The one way a Then step fails. Its first line is one sentence in the step's words, what should have been and what was
/// ("docker ps on docker-node1 should show the container remote-web; it shows no containers"), then what was observed: the
/// last command the scenario ran (its host, how, its output), taken from the evidence it was recorded to. No C# expression
/// reaches a learner. The sentence is the caller's: <paramref name="should"/> in the lab's words, the observed value as a
/// phrase ("it shows ..."). Thrown as <see cref="LabFactException"/>, like every <see cref="LabFacts"/> check.
/// </summary>
public sealed class Expectation(IEvidenceSink evidence)
{
    /// <summary>Fails unless <paramref name="holds"/>: "<paramref name="should"/>; <paramref name="actually"/>".</summary>
    public void That(bool holds, string should, Func<string> actually)
    {
        if (!holds) throw new LabFactException(Message(should, actually()));
    }

    /// <summary>Fails unless <paramref name="seen"/> holds <paramref name="item"/>; the sentence lists what it holds (or "no <paramref name="noun"/>").</summary>
    public void Contains(IEnumerable<string> seen, string item, string should, string noun)
    {
        var all = seen.ToList();
        That(all.Contains(item, StringComparer.Ordinal), should, () => "it shows " + Listing(all, noun));
    }

    /// <summary>Fails when <paramref name="seen"/> holds <paramref name="item"/>; the sentence lists what it holds.</summary>
    public void DoesNotContain(IEnumerable<string> seen, string item, string should, string noun)
    {
        var all = seen.ToList();
        That(!all.Contains(item, StringComparer.Ordinal), should, () => "it shows " + Listing(all, noun));
    }

    /// <summary>Fails unless <paramref name="actual"/> equals <paramref name="expected"/>; the sentence says what it is.</summary>
    public void Equal<T>(T actual, T expected, string should) =>
        That(EqualityComparer<T>.Default.Equals(actual, expected), should, () => $"it is {Shown(actual)}");

    /// <summary>Fails unless <paramref name="seen"/> is empty; the sentence lists what is there.</summary>
    public void Empty(IEnumerable<string> seen, string should, string noun)
    {
        var all = seen.ToList();
        That(all.Count == 0, should, () => "it shows " + Listing(all, noun));
    }

    /// <summary>"a, b and c", or "no <paramref name="noun"/>".</summary>
    public static string Listing(IReadOnlyList<string> items, string noun) => items.Count switch
    {
        0 => $"no {noun}",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    /// <summary>The sentence, then the last command the scenario recorded (unless the message already shows its transcript).</summary>
    public string Message(string should, string actually)
    {
        var sentence = $"{should}; {actually}".Replace("\r", "", StringComparison.Ordinal);
        var first = sentence.Split('\n', 2);
        var message = first[0].TrimEnd() + (first.Length > 1 ? "\n" + first[1].TrimEnd() : "");
        if ((evidence as ICommandHistory)?.LastCommand is { } last && last.ToTranscript() is var transcript
            && !message.Contains(transcript.Split('\n', 2)[0], StringComparison.Ordinal))
        {
            message += $"\nseen with the last command ({last.Where}):\n" + Indent(transcript);
        }

        return message;
    }

    private static string Shown<T>(T value) => value switch
    {
        null => "nothing",
        string s when s.Length == 0 => "empty",
        string s => $"\"{s}\"",
        _ => value.ToString() ?? "",
    };

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "  " + l));
}
