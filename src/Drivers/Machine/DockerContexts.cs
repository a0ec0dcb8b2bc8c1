using LabSpecs.Drivers.Commands;
using LabSpecs.Core;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Machine;

/// <summary>
/// <c>docker context create/use/rm</c> with the docker CLI of one host, as the reader types them. Each change registers its undo
/// with <paramref name="cleanups"/> the moment it is made (a context removed, the previous current context put back).
/// </summary>
public sealed class DockerContexts(ILabHost host, IEvidenceSink evidence, ICleanupRegistry cleanups)
{
    /// <summary><c>docker context create NAME --docker 'host=…,ca=…,cert=…,key=…'</c>; the undo is <c>docker context rm -f NAME</c>.</summary>
    public async Task CreateAsync(string name, string dockerEndpoint, CancellationToken ct = default)
    {
        var exists = await new HostShell(host, evidence).RunAsync($"docker context inspect {LocalProcess.Quote(name)} >/dev/null 2>&1", ct: ct).ConfigureAwait(false);
        if (exists.Succeeded) throw new LabSpecsException($"{host.Name}: a docker context '{name}' already exists; LabSpecs does not replace it");
        await new HostShell(host, evidence).MustAsync($"docker context create {LocalProcess.Quote(name)} --docker {LocalProcess.Quote(dockerEndpoint)}", ct: ct)
            .ConfigureAwait(false);
        cleanups.RegisterCleanup($"remove the docker context {name} on {host.Name}",
            c => new HostShell(host, evidence).MustAsync($"docker context rm -f {LocalProcess.Quote(name)}", Timeouts.Default.Cleanup, c));
    }

    /// <summary><c>docker context use NAME</c>; the undo switches back to the context that was current before.</summary>
    public async Task UseAsync(string name, CancellationToken ct = default)
    {
        // the current context's name; docker 20.10 has no "docker context show"
        var previous = (await new HostShell(host, evidence).MustAsync("docker context inspect --format '{{.Name}}'", ct: ct).ConfigureAwait(false)).Stdout.Trim();
        await new HostShell(host, evidence).MustAsync($"docker context use {LocalProcess.Quote(name)}", ct: ct).ConfigureAwait(false);
        cleanups.RegisterCleanup($"switch back from the docker context {name} on {host.Name}",
            c => new HostShell(host, evidence).MustAsync($"docker context use {LocalProcess.Quote(previous)}", Timeouts.Default.Cleanup, c));
    }
}
