using LabSpecs.Core;
using LabSpecs.Drivers.Docker;
using LabSpecs.Drivers.Machine;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps;

/// <summary>Docker Machine: a host provisioned the way docker-machine does it, images on a named host, docker contexts.</summary>
[Binding]
public sealed class DockerMachineSteps(LabContext lab)
{
    private readonly Dictionary<string, DockerMachine> _machines = [];

    [Given("{string} is provisioned as a docker machine for {string}")]
    public async Task GivenProvisioned(string machine, string client)
    {
        var provisioning = _machines[machine] = new DockerMachine(lab.HostNamed(client), lab.HostNamed(machine), lab.Evidence);
        lab.RegisterCleanup($"undo the docker-machine provisioning of {machine}", provisioning.UndoAsync, CleanupCost.Costly);
        await provisioning.ProvisionAsync();
    }

    [Then("the docker engine of {string} logged {string}")]
    public Task ThenTheEngineLogged(string machine, string text) =>
        (_machines.GetValueOrDefault(machine) ?? throw new LabSpecsException($"{machine} was not provisioned as a docker machine in this scenario"))
            .WaitForEngineLogAsync(text);

    /// <summary>Through the engine's API, so the container carries the run's label (an inventory host's reset removes only labelled things).</summary>
    [Given("on {string} a container {string} from {string}")]
    public async Task GivenOnHostAContainer(string host, string name, string image)
    {
        await lab.EngineOn(host).EnsureImageAsync(image);
        lab.Started(host, name, await lab.EngineOn(host).RunDetachedAsync(new ContainerSpec(image) { Name = name }));
    }

    [Given("the image {string} is not on {string}")]
    public async Task GivenTheImageIsNotOn(string image, string host)
    {
        await lab.DockerOn(host).RunAsync($"rmi -f {LocalProcess.Quote(image)}");
        lab.Expect.That(!(await lab.DockerOn(host).RunAsync($"image inspect --format '{{{{.Id}}}}' {LocalProcess.Quote(image)}")).Succeeded,
            $"the image {image} should not be on {host}", () => "it is still there");
    }

    [When("I create the docker context {string} with {string}")]
    public async Task WhenICreateTheContext(string name, string docker) =>
        lab.RegisterCleanup($"remove the docker context {name} on {lab.Host.Name}", await new DockerContexts(lab.Host, lab.Evidence).CreateAsync(name, docker));

    [When("I switch to the docker context {string}")]
    public async Task WhenISwitchToTheContext(string name) =>
        lab.RegisterCleanup($"switch back from the docker context {name} on {lab.Host.Name}", await new DockerContexts(lab.Host, lab.Evidence).UseAsync(name));
}
