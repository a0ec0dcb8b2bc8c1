using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Swarm;

/// <summary>
/// <c>docker service …</c> on a swarm manager. Services are created and scaled detached (<c>-d</c>): the CLI's own
/// convergence display waits 5 s for stability; we wait for the tasks ourselves and show how the wait converged.
/// </summary>
public sealed class SwarmServices(ILabHost manager, IEvidenceSink evidence, ICleanupRegistry cleanups)
{
    private HostShell On(ILabHost h) => new(h, evidence);

    /// <summary><c>docker service create -d --name NAME OPTIONS IMAGE [COMMAND]</c>; options as the handbook writes them. Registers its removal.</summary>
    public Task<ExecResult> CreateAsync(string name, string image, string options = "", string command = "", CancellationToken ct = default)
    {
        cleanups.RegisterCleanup($"remove the service {name}", c => RemoveAsync(name, c));
        return On(manager).MustAsync($"docker service create -d --name {LocalProcess.Quote(name)} {options} {image} {command}".Replace("  ", " ").TrimEnd(),
            Timeouts.Default.Apply, ct);
    }

    public Task<ExecResult> ScaleAsync(string name, int replicas, CancellationToken ct = default) =>
        On(manager).MustAsync($"docker service scale -d {LocalProcess.Quote(name)}={replicas}", Timeouts.Default.Apply, ct);

    public Task<ExecResult> InspectPrettyAsync(string name, CancellationToken ct = default) =>
        On(manager).MustAsync($"docker service inspect {LocalProcess.Quote(name)} --pretty", ct: ct);

    public Task<ExecResult> ListAsync(CancellationToken ct = default) => On(manager).MustAsync("docker service ls", ct: ct);

    public async Task<IReadOnlyList<ServiceTask>> TasksAsync(string name, CancellationToken ct = default) =>
        ServiceTask.ParseList((await On(manager).MustAsync($"docker service ps {LocalProcess.Quote(name)}", ct: ct).ConfigureAwait(false)).Stdout);

    /// <summary>Waits until exactly <paramref name="replicas"/> current tasks run; returns them.</summary>
    public async Task<IReadOnlyList<ServiceTask>> WaitRunningAsync(string name, int replicas, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var command = $"docker service ps {LocalProcess.Quote(name)}";
        var outcome = await Eventually.UntilAsync($"{replicas} task(s) of service {name} Running",
            async c => (await On(manager).QuietAsync(command, ct: c).ConfigureAwait(false)).EnsureSuccess().Stdout,
            o => Current(o) is var t && t.Count == replicas && t.All(x => x.IsRunning),
            timeout ?? Timeouts.Default.Assert, TimeSpan.FromMilliseconds(300), o => o, ct, evidence).ConfigureAwait(false);
        return Current(outcome.Value);
    }

    public Task<ExecResult> RemoveAsync(string name, CancellationToken ct = default) =>
        On(manager).RunAsync($"docker service rm {LocalProcess.Quote(name)}", Timeouts.Default.Cleanup, ct);

    private static List<ServiceTask> Current(string output) =>
        ServiceTask.ParseList(output).Where(t => !t.IsHistory && t.DesiredState == "Running").ToList();
}
