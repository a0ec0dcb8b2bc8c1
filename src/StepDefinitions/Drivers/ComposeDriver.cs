using LabSpecs.Core;
using LabSpecs.Drivers.MultiHost;
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

    /// <summary><c>docker-compose ps</c>, where the handbook runs it (each call costs ~0.8 s of Python start-up).</summary>
    public Task ShowAsync() => Project.PsAsync();
}
