using System.Text;

namespace LabSpecs.Core;

/// <summary>Splits a command line as a POSIX shell would for quoting (single and double quotes, backslash), without expansion.</summary>
public static class ShellWords
{
    public static IReadOnlyList<string> Split(string commandLine)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (quote is not null)
            {
                if (c == quote) quote = null;
                else if (c == '\\' && quote == '"' && i + 1 < commandLine.Length && commandLine[i + 1] is '"' or '\\') current.Append(commandLine[++i]);
                else current.Append(c);
            }
            else if (c is '\'' or '"') { quote = c; inWord = true; }
            else if (c == '\\' && i + 1 < commandLine.Length) { current.Append(commandLine[++i]); inWord = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(current.ToString()); current.Clear(); inWord = false; }
            }
            else { current.Append(c); inWord = true; }
        }

        if (quote is not null) throw new FormatException($"Unclosed {quote} quote in: {commandLine}");
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
