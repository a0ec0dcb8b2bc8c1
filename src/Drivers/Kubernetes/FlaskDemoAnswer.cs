using System.Globalization;
using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>
/// An answer of the handbook's flask demo: "Hello Container World! I have been seen N times." (1.0), with
/// " and my hostname is HOST." (2.0). Anything else (the redis connection error page) is not an answer.
/// </summary>
public sealed partial record FlaskDemoAnswer(int Count, string? Hostname)
{
    public static FlaskDemoAnswer? Parse(string text) =>
        Pattern().Match(text) is { Success: true } m
            ? new FlaskDemoAnswer(int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), m.Groups["host"].Success ? m.Groups["host"].Value : null)
            : null;

    [GeneratedRegex(@"Hello Container World! I have been seen (?<n>\d+) times(?: and my hostname is (?<host>[A-Za-z0-9.-]+?))?\.")]
    private static partial Regex Pattern();
}
