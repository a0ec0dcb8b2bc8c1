namespace LabSpecs.Drivers.Networking;

/// <summary>Parses <c>iptables -t nat -S</c> and <c>iptables-save -t nat</c> (same rule syntax; save adds a header and counters).</summary>
public static class NatRuleParser
{
    public static NatTable Parse(string text)
    {
        var chains = new List<string>();
        var rules = new List<NatRule>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith(':'))
            {
                chains.Add(line[1..].Split(' ')[0]); // iptables-save: ":DOCKER - [0:0]"
            }
            else if (line.StartsWith("-N ", StringComparison.Ordinal) || line.StartsWith("-P ", StringComparison.Ordinal))
            {
                chains.Add(line.Split(' ')[1]);
            }
            else if (line.StartsWith("-A ", StringComparison.Ordinal))
            {
                rules.Add(ParseRule(line));
            }
        }

        return new NatTable(chains.Distinct().ToList(), rules);
    }

    public static NatRule ParseRule(string line)
    {
        var tokens = Tokenize(line);
        string chain = "", target = "";
        string? src = null, dst = null, proto = null, dport = null, toDest = null, inIf = null, outIf = null;
        bool srcNeg = false, dstNeg = false, inNeg = false, outNeg = false, negate = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            string Next() => i + 1 < tokens.Count ? tokens[++i] : "";
            switch (t)
            {
                case "!": negate = true; continue;
                case "-A": chain = Next(); break;
                case "-j": target = Next(); break;
                case "-s": src = Next(); srcNeg = negate; break;
                case "-d": dst = Next(); dstNeg = negate; break;
                case "-p": proto = Next(); break;
                case "--dport": dport = Next(); break;
                case "--to-destination": toDest = Next(); break;
                case "-i": inIf = Next(); inNeg = negate; break;
                case "-o": outIf = Next(); outNeg = negate; break;
            }

            negate = false;
        }

        return new NatRule(chain, target, src, srcNeg, dst, dstNeg, proto, dport, toDest, inIf, inNeg, outIf, outNeg, line);
    }

    /// <summary>Splits on spaces, keeping double-quoted words (comments) whole.</summary>
    private static List<string> Tokenize(string line)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') { quoted = !quoted; continue; }
            if (c == ' ' && !quoted)
            {
                if (current.Length > 0) { tokens.Add(current.ToString()); current.Clear(); }
                continue;
            }

            current.Append(c);
        }

        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }
}
