using LabSpecs.Core;
using LabSpecs.Drivers.Machine;
using LabSpecs.Specs.Support;

namespace LabSpecs.Specs.Drivers;

/// <summary>
/// The docker machines a scenario provisioned (by name) and the docker contexts it made on the lab host; each registers
/// its own undo with the scenario.
/// </summary>
public sealed class DockerMachineDriver(LabContext lab)
{
    private readonly Dictionary<string, DockerMachine> _machines = [];

    public Task ProvisionAsync(string machine, string client) =>
        (_machines[machine] = new DockerMachine(lab.HostNamed(client), lab.HostNamed(machine), lab.Evidence, lab)).ProvisionAsync();

    public Task WaitForEngineLogAsync(string machine, string text) =>
        (_machines.GetValueOrDefault(machine) ?? throw new LabSpecsException($"{machine} was not provisioned as a docker machine in this scenario"))
            .WaitForEngineLogAsync(text);

    public Task CreateContextAsync(string name, string dockerEndpoint) => Contexts.CreateAsync(name, dockerEndpoint);

    public Task UseContextAsync(string name) => Contexts.UseAsync(name);

    private DockerContexts Contexts => new(lab.Host, lab.Evidence, lab);
}
