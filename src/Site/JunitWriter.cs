using System.Globalization;
using System.Xml.Linq;

namespace LabSpecs.Site;

/// <summary>
/// The labs as JUnit XML (the Ant/Jenkins schema GitLab, Jenkins, Azure DevOps and GitHub reporters read): one
/// testsuite per lab, one testcase per scenario that ran. A failure carries the failing step and its message; a skip
/// its reason; a flaky scenario passes with a note in system-out. Scenarios that did not run are left out.
/// </summary>
public static class JunitWriter
{
    public static XDocument ToXml(IReadOnlyList<Lab> labs)
    {
        var suites = new List<XElement>();
        foreach (var lab in labs)
        {
            var ran = lab.Scenarios.Where(s => s.Outcome is not Outcome.NotRun).ToList();
            if (ran.Count == 0) continue;
            suites.Add(new XElement("testsuite",
                new XAttribute("name", lab.Title),
                new XAttribute("tests", ran.Count),
                new XAttribute("failures", ran.Count(s => s.Outcome == Outcome.Failed)),
                new XAttribute("errors", 0),
                new XAttribute("skipped", ran.Count(s => s.Outcome == Outcome.Skipped)),
                new XAttribute("time", Seconds(ran.Aggregate(TimeSpan.Zero, (a, s) => a + s.Duration))),
                ran.Select(s => Case(lab, s))));
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites",
            new XAttribute("name", "LabSpecs"),
            new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)),
            new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", suites.Sum(s => (int)s.Attribute("skipped")!)),
            suites));
    }

    public static void Write(IReadOnlyList<Lab> labs, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = System.Xml.XmlWriter.Create(path, new System.Xml.XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        ToXml(labs).Save(writer);
    }

    private static XElement Case(Lab lab, ScenarioView s)
    {
        var e = new XElement("testcase", new XAttribute("name", s.Name), new XAttribute("classname", lab.Uri), new XAttribute("time", Seconds(s.Duration)));
        switch (s.Outcome)
        {
            case Outcome.Failed:
                var step = s.Steps.Concat(s.Hooks).FirstOrDefault(x => x.Status is "FAILED" or "UNDEFINED" or "AMBIGUOUS" or "PENDING");
                e.Add(new XElement("failure", new XAttribute("message", s.Reason ?? "failed"), new XAttribute("type", step?.Status ?? "FAILED"),
                    step?.Message ?? s.Reason ?? ""));
                break;
            case Outcome.Skipped:
                e.Add(new XElement("skipped", new XAttribute("message", s.Reason ?? "skipped")));
                break;
            case Outcome.Flaky:
                e.Add(new XElement("system-out", $"flaky: {s.Reason}"));
                break;
        }

        return e;
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
