using System.Collections.Concurrent;
using LabSpecs.Core;
using LabSpecs.Runner;
using Reqnroll;
using Reqnroll.Plugins;
using Reqnroll.UnitTestProvider;
using Shouldly;

// The unit test assembly is also a (tiny) Reqnroll test assembly, so the runner can be exercised end to end in-process.
[assembly: RuntimePlugin(typeof(LabSpecsRuntimePlugin))]

namespace LabSpecs.UnitTests.Runner;

/// <summary>Bindings used only by <see cref="ScenarioExecutorTests"/>; every step text starts with "x-runner".</summary>
[Binding]
public sealed class RuntimeProbeSteps(IEvidenceSink evidence, IUnitTestRuntimeProvider provider, ScenarioContext scenario)
{
    public static ConcurrentQueue<string> Log { get; } = new();

    [Given("x-runner a passing step")]
    public void Passing() => Log.Enqueue("passing step ran");

    [Then("x-runner {int} equals {int}")]
    public void Equal(int a, int b) => a.ShouldBe(b);

    [Given("x-runner an ambiguous step")]
    public void AmbiguousOne() { }

    [Given("x-runner an ambiguous step")]
    public void AmbiguousTwo() { }

    [Given("x-runner a pending step")]
    public void Pending() => throw new PendingStepException();

    [Given("x-runner the lab needs {string}")]
    public void Needs(string capability) => throw new CapabilityMissingException(capability, "not available on this machine");

    [Given("x-runner the step ignores itself")]
    public void IgnoreItself() => provider.TestIgnore("x-runner ignored through IUnitTestRuntimeProvider");

    [When("x-runner {int} lines of {string} are recorded as evidence")]
    public void RecordEvidence(int lines, string marker) =>
        evidence.Record(new EvidenceItem("x-runner-command --lines",
            string.Join('\n', Enumerable.Range(1, lines).Select(i => $"{marker} {i}"))));

    [When("x-runner a command with {int} output lines and a wait of {int} attempts are recorded")]
    public async Task RecordCommandAndWait(int lines, int attempts)
    {
        var output = string.Join('\n', Enumerable.Range(1, lines).Select(i => $"x-runner-typed line {i:D5}"));
        evidence.Record(new ExecResult("x-runner-typed --lines", "x-host", 3, output, "x-runner-typed stderr", TimeSpan.FromMilliseconds(42), Channels.Local));
        var tries = 0;
        await Eventually.UntilAsync("x-runner counter reaches the goal", _ => Task.FromResult(++tries), n => n >= attempts,
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1), n => $"counter {n}", evidence: evidence);
    }

    [Then("x-runner the scenario continues")]
    public void Continues() => Log.Enqueue("continued after " + scenario.ScenarioInfo.Title);

    [BeforeScenario("x-needs-missing")]
    public void NeedsMissingCapability() => throw new CapabilityMissingException("x-gre", "kernel lacks GRE");

    [AfterScenario("x-track")]
    public void Track() => Log.Enqueue("after scenario: " + scenario.ScenarioInfo.Title);
}
