using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps;

/// <summary>Docker Machine: a host provisioned the way docker-machine does it, images on a named host, docker contexts.</summary>
[Binding]
public sealed class DockerMachineSteps(LabContext lab, DockerMachineDriver machines, ContainerDriver containers)
{
    [Given("{string} is provisioned as a docker machine for {string}")]
    public Task GivenProvisioned(string machine, string client) => machines.ProvisionAsync(machine, client);

    [Then("the docker engine of {string} logged {string}")]
    public Task ThenTheEngineLogged(string machine, string text) => machines.WaitForEngineLogAsync(machine, text);

    [Given("on {string} a container {string} from {string}")]
    public Task GivenOnHostAContainer(string host, string name, string image) => containers.StartOnAsync(host, name, image);

    [Given("the image {string} is not on {string}")]
    public async Task GivenTheImageIsNotOn(string image, string host)
    {
        await lab.DockerOn(host).RemoveImageAsync(image, force: true);
        lab.Expect.That(!await lab.DockerOn(host).HasImageAsync(image), $"the image {image} should not be on {host}", () => "it is still there");
    }

    [When("I create the docker context {string} with {string}")]
    public Task WhenICreateTheContext(string name, string docker) => machines.CreateContextAsync(name, docker);

    [When("I switch to the docker context {string}")]
    public Task WhenISwitchToTheContext(string name) => machines.UseContextAsync(name);
}
