using System.Xml.Linq;

namespace LabSpecs.Site;

/// <summary>One test's result as <c>dotnet test</c>'s TRX logger wrote it.</summary>
public sealed record TestResult(string Name, Outcome Outcome, string? Reason);

/// <summary>
/// The results of one <c>dotnet test</c> run (its .trx file): the only record of tests that are not lab scenarios (unit
/// and integration tests), and of lab scenarios that never started (a feature skipped or failed before its first scenario).
/// </summary>
public static class TestResultFile
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static IReadOnlyList<TestResult> Read(string path)
    {
        var doc = XDocument.Load(path);
        return doc.Descendants(Trx + "UnitTestResult").Select(r =>
        {
            var name = (string?)r.Attribute("testName") ?? "(unnamed test)";
            var outcome = (string?)r.Attribute("outcome") switch
            {
                "Passed" => Outcome.Passed,
                "NotExecuted" => Outcome.Skipped,
                _ => Outcome.Failed, // Failed, Error, Timeout, Aborted, Inconclusive: none of them passed
            };
            var output = r.Element(Trx + "Output");
            var message = (string?)output?.Element(Trx + "ErrorInfo")?.Element(Trx + "Message") ?? (string?)output?.Element(Trx + "StdOut");
            var reason = message?.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return new TestResult(name, outcome, outcome == Outcome.Skipped ? reason ?? "(no reason given)" : reason);
        }).ToList();
    }
}
