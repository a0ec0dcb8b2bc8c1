using System.Text.RegularExpressions;
using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Runner;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Checks;

/// <summary>A Then step's failure speaks the lab's language: one sentence, then the command that showed it, no C#.</summary>
public partial class ExpectationTests
{
    // `docker ps` on a fresh 20.10 engine (recorded on docker-host of the embedded single-host environment)
    private const string EmptyDockerPs = "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n";

    private static (Expectation Expect, EvidenceLog Evidence) Make()
    {
        var evidence = new EvidenceLog();
        evidence.Record(new ExecResult("docker ps", "docker-node1", 0, EmptyDockerPs, "", TimeSpan.FromMilliseconds(40), Channels.Ssh));
        return (new Expectation(evidence), evidence);
    }

    [Test]
    public void A_failed_expectation_starts_with_one_sentence_naming_what_should_be_and_what_is_then_the_command_and_its_host()
    {
        var (expect, _) = Make();

        var e = Should.Throw<LabFactException>(() =>
            expect.Contains(DockerPs.Names(EmptyDockerPs), "remote-web", "docker ps on docker-node1 should show the container remote-web", "containers"));

        var lines = e.Message.Split('\n');
        lines[0].ShouldBe("docker ps on docker-node1 should show the container remote-web; it shows no containers");
        e.Message.ShouldContain("[docker-node1 via ssh]$ docker ps");
        e.Message.ShouldContain("CONTAINER ID   IMAGE");
        CallExpression().IsMatch(lines[0]).ShouldBeFalse(lines[0]);
        e.Message.ShouldNotContain("Shouldly", Case.Sensitive);
        e.Message.ShouldNotContain("but was actually", Case.Sensitive);
    }

    [Test]
    public void An_expectation_that_holds_says_nothing_and_lists_read_as_words()
    {
        var (expect, _) = Make();

        Should.NotThrow(() => expect.Contains(["web", "db"], "db", "docker ps should show db", "containers"));
        Should.NotThrow(() => expect.Equal(3, 3, "the count should be 3"));
        Expectation.Listing(["a", "b", "c"], "containers").ShouldBe("a, b and c");
        Should.Throw<LabFactException>(() => expect.Equal("x", "y", "the output should be \"y\"")).Message.Split('\n')[0]
            .ShouldBe("the output should be \"y\"; it is \"x\"");
    }

    /// <summary>
    /// No Then binding of src/StepDefinitions/Steps asserts with Shouldly (whose messages are C# expressions): each goes through
    /// <see cref="Expectation"/> (or a <see cref="LabFacts"/> check). Files still to move are listed with why; the list can only shrink.
    /// </summary>
    [Test]
    public void No_step_binding_asserts_with_Shouldly()
    {
        var steps = Path.Combine(RunnerPaths.RepositoryRoot(AppContext.BaseDirectory), "src", "StepDefinitions", "Steps");
        string[] notYetMoved = [];
        var offenders = new List<string>();
        var moved = new List<string>();
        foreach (var file in Directory.EnumerateFiles(steps, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(steps, file).Replace('\\', '/');
            var usesShouldly = ShouldlyCall().Matches(File.ReadAllText(file)).Select(m => m.Value).Distinct().ToList();
            if (usesShouldly.Count > 0 && !notYetMoved.Contains(relative)) offenders.Add($"{relative}: {string.Join(", ", usesShouldly)}");
            if (usesShouldly.Count == 0 && notYetMoved.Contains(relative)) moved.Add(relative);
        }

        offenders.ShouldBeEmpty("these step files assert with Shouldly; use lab.Expect (Expectation) so a failure reads in the step's words");
        moved.ShouldBeEmpty("these files no longer use Shouldly: take them off the not-yet-moved list");
    }

    [GeneratedRegex(@"\.Should[A-Z][A-Za-z]*|using Shouldly")]
    private static partial Regex ShouldlyCall();

    [GeneratedRegex(@"[A-Za-z_]\(")]
    private static partial Regex CallExpression();
}
