using LabSpecs.Core;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps;

/// <summary>Tools a lab needs on the docker host; missing ones skip the scenario with the reason.</summary>
[Binding]
public sealed class ToolSteps(LabContext lab)
{
    [Given("a C compiler that links statically")]
    public async Task GivenACompilerThatLinksStatically()
    {
        var r = await lab.Shell.RunAsync("echo 'int main(void){return 0;}' | gcc -static -x c -o /dev/null -");
        if (!r.Succeeded)
        {
            throw new CapabilityMissingException("static-gcc", $"gcc cannot link a static program on {lab.Host.Name}:\n{r.Stdout}{r.Stderr}");
        }
    }
}
