using LabSpecs.Core;
using LabSpecs.Drivers.Compose;
using LabSpecs.Specs.Support;

namespace LabSpecs.Specs.Drivers;

/// <summary>The scenario's compose project, brought up on one host from the files kept next to the feature.</summary>
public sealed class ComposeDriver(LabContext lab)
{
    private ComposeProject? _project;

    public ComposeProject Project => _project ?? throw new LabSpecsException("No compose project is up in this scenario");

    public async Task UpAsync(string project, IReadOnlyDictionary<string, string> files, string host)
    {
        _project = new ComposeProject(lab.HostNamed(host), project, lab.Evidence, lab);
        await _project.CopyFilesAsync(files);
        await _project.UpAsync();
    }

    /// <summary>
    /// The name of a running container of <paramref name="service"/>, found by the project's labels: compose v1 named it
    /// <c>project_service_1</c>, compose v2 <c>project-service-1</c>.
    /// </summary>
    public async Task<string> ContainerOfAsync(string service) =>
        (await Project.ContainersAsync()).FirstOrDefault(c => c.Service == service && c.State == "running")?.Name
        ?? throw new LabSpecsException($"The compose project {Project.Project} has no running container of the service {service}");

    /// <summary>The names of the project's containers of <paramref name="services"/>, whatever the compose version named them.</summary>
    public async Task<IReadOnlyList<string>> ContainersOfAsync(IEnumerable<string> services)
    {
        var wanted = services.ToHashSet(StringComparer.Ordinal);
        return (await Project.ContainersAsync()).Where(c => wanted.Contains(c.Service)).Select(c => c.Name).ToList();
    }

    /// <summary>The addresses a name stands for on the project's host: of every container of the service so named, else of the container.</summary>
    public async Task<IReadOnlyList<string>> AddressesOfAsync(string name)
    {
        var docker = lab.DockerOn(Project.Host.Name);
        var containers = await ContainersOfAsync([name]);
        if (containers.Count == 0) containers = [name];
        return (await Task.WhenAll(containers.Select(c => docker.ContainerAddressesAsync(c)))).SelectMany(a => a).ToList();
    }

    /// <summary><c>docker-compose ps</c>, where the handbook runs it (each call pays Python's start-up).</summary>
    public Task ShowAsync() => Project.PsAsync();
}
