using LabSpecs.Core;
using LabSpecs.Specs.Support;
using LabSpecs.Drivers.Commands;
using Reqnroll;

namespace LabSpecs.Specs.Steps;

/// <summary>Tools a lab needs on the docker host; missing ones skip the scenario with the reason.</summary>
[Binding]
public sealed class ToolSteps(LabContext lab)
{
    [Given("a C compiler that links statically")]
    public async Task GivenACompilerThatLinksStatically()
    {
        var r = await new HostToolchain(lab.Shell).LinkStaticallyAsync();
        if (!r.Succeeded)
        {
            throw new CapabilityMissingException("static-gcc", $"gcc cannot link a static program on {lab.Host.Name}:\n{r.Stdout}{r.Stderr}");
        }
    }
}
