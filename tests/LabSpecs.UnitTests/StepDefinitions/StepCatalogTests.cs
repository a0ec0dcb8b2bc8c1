using LabSpecs.Runner;
using LabSpecs.Specs.Support;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.StepDefinitions;

/// <summary>docs/step-catalog.md is generated from the bindings; this fails when the committed file is stale.</summary>
[TestFixture]
[Category("step-catalog")]
public sealed class StepCatalogTests
{
    private static string Root => RunnerPaths.RepositoryRoot(AppContext.BaseDirectory);

    private static string CatalogPath => Path.Combine(Root, "docs", "step-catalog.md");

    [Test]
    public void The_committed_step_catalog_matches_the_bindings()
    {
        var generated = StepCatalog.Markdown(StepCatalog.Entries(typeof(LabContext).Assembly, Path.Combine(Root, "features")));
        if (Environment.GetEnvironmentVariable("LABSPECS_UPDATE_STEP_CATALOG") == "1")
        {
            File.WriteAllText(CatalogPath, generated);
        }

        var committed = File.Exists(CatalogPath) ? File.ReadAllText(CatalogPath).Replace("\r\n", "\n") : "(missing)";
        committed.ShouldBe(generated,
            $"{CatalogPath} is stale: regenerate it with LABSPECS_UPDATE_STEP_CATALOG=1 dotnet test tests/LabSpecs.UnitTests --filter Category=step-catalog");
    }

    [TestCase("the ping shows {int}% packet loss", "the ping shows 0% packet loss", true)]
    [TestCase("the ping shows {int}% packet loss", "the ping shows most packets lost", false)]
    [TestCase("the Linux bridge {string} has {int} interface(s)", "the Linux bridge \"docker0\" has 1 interface", true)]
    [TestCase("the Linux bridge {string} has {int} interface(s)", "the Linux bridge \"docker0\" has 2 interfaces", true)]
    [TestCase("{string} pings {string}", "\"test1\" pings the address of \"test2\"", false)]
    public void Cucumber_expressions_match_the_steps_they_bind(string expression, string step, bool matches) =>
        StepCatalog.ToRegex(expression).IsMatch(step).ShouldBe(matches);
}
