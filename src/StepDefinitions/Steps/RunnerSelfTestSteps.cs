using LabSpecs.Core;
using LabSpecs.Runner;
using Reqnroll;
using LabSpecs.Drivers.Checks;

namespace LabSpecs.Specs.Steps;

/// <summary>Bindings of features/runner (@runner): small real assertions that fail if the runner hands steps the wrong data.</summary>
[Binding]
public sealed class RunnerSelfTestSteps(IEvidenceSink evidence)
{
    private long _result;
    private string _text = "";
    private int _recordedLines;
    private readonly Expectation _expect = new(evidence);

    [Given("the calculator is cleared")]
    public void ClearCalculator() => _result = 0;

    [When("I add {int} and {int}")]
    public void Add(int a, int b) => _result = a + b;

    [When("I multiply {long} by {long}")]
    public void Multiply(long a, long b) => _result = a * b;

    [When("I add up the numbers in the table")]
    public void AddUp(DataTable table) => _result = table.Rows.Sum(r => long.Parse(r["number"]));

    [Then("the result is {long}")]
    public void ResultIs(long expected) => _expect.Equal(_result, expected, $"the result should be {expected}");

    [Then("the result is not {long}")]
    public void ResultIsNot(long unexpected) => _expect.That(_result != unexpected, $"the result should not be {unexpected}", () => "it is");

    [Given("the text {string}")]
    public void GivenText(string text) => _text = text;

    [When("I count the lines of this text")]
    public void TakeText(string docString) => _text = docString;

    [When("the text is turned to upper case")]
    public void ToUpper() => _text = _text.ToUpperInvariant();

    [Then("the text has {int} lines")]
    public void LineCount(int lines) => _expect.Equal(_text.Count(c => c == '\n') + 1, lines, $"the text should have {lines} lines");

    [Then("the text has {int} characters")]
    public void Length(int characters) => _expect.Equal(_text.Length, characters, $"the text should have {characters} characters");

    [Then("the text contains {string}")]
    public void Contains(string part) => _expect.That(_text.Contains(part, StringComparison.Ordinal), $"the text should contain \"{part}\"", () => $"it is \"{_text}\"");

    [Then("the text is {string}")]
    public void TextIs(string expected) => _expect.Equal(_text, expected, $"the text should be \"{expected}\"");

    [When("a command printing {int} numbered lines is recorded as evidence")]
    public void RecordEvidence(int lines)
    {
        _expect.That(evidence is ReqnrollEvidenceSink, "steps should get the runner's report sink", () => $"they get a {evidence.GetType().Name}");
        var output = string.Join('\n', Enumerable.Range(1, lines).Select(i => $"x-runner-evidence line {i:000}"));
        var result = new ExecResult($"seq -f 'x-runner-evidence line %03g' 1 {lines}", "localhost", 0, output + "\n", "", TimeSpan.FromMilliseconds(3));
        evidence.Record(result);
        _recordedLines = result.StdoutLines.Count;
    }

    /// <summary>For checking capability skips end to end (see src/Runner/README.md); no feature under features/ uses it.</summary>
    [Given("a capability {string} that this machine lacks")]
    public void MissingCapability(string capability) =>
        throw new CapabilityMissingException(capability, "runner self-test: this capability is declared missing on purpose");

    [Then("{int} lines of evidence were recorded")]
    public void EvidenceRecorded(int lines) => _expect.Equal(_recordedLines, lines, $"{lines} lines of evidence should have been recorded");
}
