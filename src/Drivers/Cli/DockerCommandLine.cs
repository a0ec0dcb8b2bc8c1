using System.Globalization;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;

namespace LabSpecs.Drivers.Cli;

/// <summary>
/// The docker command line on a lab host, typed as the handbook types it (<c>docker network inspect bridge</c>): each command
/// and its real output are recorded as evidence by the host's <see cref="HostShell"/>. Complements the API driver where
/// a lab is about what the CLI prints (pull status lines, <c>docker ps</c> tables, <c>docker history</c>).
/// </summary>
public sealed class DockerCommandLine(HostShell host)
{
    public string Where => host.Where;

    /// <summary>Runs <c>docker ARGS</c>; a non-zero exit is returned, not thrown.</summary>
    public Task<ExecResult> RunAsync(string arguments, TimeSpan? timeout = null, CancellationToken ct = default) =>
        host.RunAsync("docker " + arguments, timeout ?? Timeouts.Default.Apply, ct);

    /// <summary>Runs <c>docker ARGS</c> and throws <see cref="CommandFailedException"/> unless it exits 0.</summary>
    public async Task<ExecResult> MustRunAsync(string arguments, TimeSpan? timeout = null, CancellationToken ct = default) =>
        (await RunAsync(arguments, timeout, ct).ConfigureAwait(false)).EnsureSuccess();

    /// <summary><c>docker inspect --format FORMAT NAME</c>, trimmed (the handbook's way of reading one fact).</summary>
    public async Task<string> InspectFormatAsync(string name, string format, CancellationToken ct = default) =>
        (await MustRunAsync($"inspect --format {LocalProcess.Quote(format)} {LocalProcess.Quote(name)}", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout.Trim();

    public async Task<ContainerState> ContainerStateAsync(string name, CancellationToken ct = default)
    {
        var line = await InspectFormatAsync(name, "{{.Id}} {{.State.Status}} {{.State.Pid}} {{.State.ExitCode}}", ct).ConfigureAwait(false);
        var f = line.Split(' ');
        return new ContainerState(f[0], f[1], int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture));
    }

    /// <summary>The container's IPv4 addresses, one per network it is attached to (empty on host/none networks).</summary>
    public async Task<IReadOnlyList<string>> ContainerAddressesAsync(string name, CancellationToken ct = default)
    {
        var text = await InspectFormatAsync(name, "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", ct).ConfigureAwait(false);
        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary><c>docker network inspect NAME</c>, parsed.</summary>
    public async Task<DockerNetwork> InspectNetworkAsync(string name, CancellationToken ct = default) =>
        DockerNetwork.ParseInspect((await MustRunAsync($"network inspect {LocalProcess.Quote(name)}", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout);

    /// <summary><c>docker network ls</c>, parsed.</summary>
    public async Task<IReadOnlyList<TableRow>> NetworksAsync(CancellationToken ct = default) =>
        CliTable.Parse((await MustRunAsync("network ls", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout);

    /// <summary><c>docker images</c>, parsed (REPOSITORY, TAG, IMAGE ID, CREATED, SIZE).</summary>
    public async Task<IReadOnlyList<TableRow>> ImagesAsync(CancellationToken ct = default) =>
        CliTable.Parse((await MustRunAsync("images", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout);

    /// <summary><c>docker version --format '{{json .}}'</c>, parsed.</summary>
    public async Task<DockerVersionReport> VersionAsync(CancellationToken ct = default) =>
        DockerVersionReport.ParseJson((await MustRunAsync("version --format '{{json .}}'", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout);

    /// <summary>The host ports bound to a container port (<c>docker port demo 80</c> → 0.0.0.0:49153).</summary>
    public async Task<IReadOnlyList<int>> HostPortsAsync(string container, int containerPort, CancellationToken ct = default)
    {
        var r = await MustRunAsync($"port {LocalProcess.Quote(container)} {containerPort}", Timeouts.Default.Exec, ct).ConfigureAwait(false);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => int.Parse(l[(l.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture))
            .Distinct()
            .ToList();
    }
}

/// <summary>What <c>docker inspect</c> says about a container's process.</summary>
public sealed record ContainerState(string Id, string Status, int Pid, int ExitCode)
{
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;
}
