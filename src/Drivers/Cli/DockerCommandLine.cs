using System.Globalization;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Drivers.Networking;
using LabSpecs.Drivers.Ping;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Cli;

/// <summary>
/// The docker command line on a lab host, typed as the handbook types it (<c>docker network inspect bridge</c>): each command
/// and its real output are recorded as evidence by the host's <see cref="HostShell"/>. Complements the API driver where
/// a lab is about what the CLI prints (pull status lines, <c>docker ps</c> tables, <c>docker history</c>), and drives the
/// engines of multi-host labs with the commands the handbook types on each host.
/// </summary>
public sealed class DockerCommandLine(HostShell host)
{
    /// <summary>The shell line that keeps a container alive the handbook's way, when no command is given.</summary>
    public const string KeepAlive = "sh -c \"while true; do sleep 3600; done\"";

    public string Where => host.Where;

    public ILabHost Host => host.Host;

    /// <summary>Runs <c>docker ARGS</c>; a non-zero exit is returned, not thrown.</summary>
    public Task<ExecResult> RunAsync(string arguments, TimeSpan? timeout = null, CancellationToken ct = default) =>
        host.RunAsync("docker " + arguments, timeout ?? Timeouts.Default.Apply, ct);

    /// <summary>Runs <c>docker ARGS</c> and throws <see cref="CommandFailedException"/> unless it exits 0.</summary>
    public async Task<ExecResult> MustAsync(string arguments, TimeSpan? timeout = null, CancellationToken ct = default) =>
        (await RunAsync(arguments, timeout, ct).ConfigureAwait(false)).EnsureSuccess();

    /// <summary><c>docker inspect --format FORMAT NAME</c>, trimmed (the handbook's way of reading one fact).</summary>
    public async Task<string> InspectFormatAsync(string name, string format, CancellationToken ct = default) =>
        (await MustAsync($"inspect --format {Q(format)} {Q(name)}", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout.Trim();

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

    /// <summary>The container's IPv4 address on one network.</summary>
    public Task<string> ContainerAddressAsync(string container, string network, CancellationToken ct = default) =>
        InspectFormatAsync(container, $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}", ct);

    /// <summary>The names of the networks a container is attached to.</summary>
    public async Task<IReadOnlyList<string>> ContainerNetworksAsync(string container, CancellationToken ct = default) =>
        (await InspectFormatAsync(container, "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", ct).ConfigureAwait(false))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary><c>docker exec C ip addr</c>, parsed (busybox or iproute2 text).</summary>
    public async Task<IReadOnlyList<NetworkInterface>> ContainerInterfacesAsync(string container, CancellationToken ct = default) =>
        IpTextParser.ParseAddr((await MustAsync($"exec {Q(container)} ip addr", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout);

    /// <summary>
    /// <c>docker run -d --name NAME [--net NETWORK] [OPTIONS] IMAGE [COMMAND]</c>, kept alive with <see cref="KeepAlive"/> unless a
    /// command is given; a refusal is returned, not thrown (labs check what the engine says).
    /// </summary>
    public Task<ExecResult> RunContainerAsync(string name, string image, string? network = null, string? command = null, string options = "",
        CancellationToken ct = default)
    {
        var net = network is null ? "" : $" --net {Q(network)}";
        return RunAsync($"run -d --name {Q(name)}{net} {options} {image} {command ?? KeepAlive}".Replace("  ", " "), Timeouts.Default.Apply, ct);
    }

    /// <summary><c>docker exec C ping -c N -W 2 TARGET</c>; loss and unknown names are results, never exceptions.</summary>
    public async Task<PingResult> PingAsync(string container, string target, int count = 3, CancellationToken ct = default)
    {
        var r = await RunAsync($"exec {Q(container)} ping -c {count} -W 2 {Q(target)}", TimeSpan.FromSeconds(count * 3 + 5), ct).ConfigureAwait(false);
        return PingResult.Parse(r.Stdout + r.Stderr);
    }

    /// <summary><c>docker network inspect NAME</c>, parsed.</summary>
    public async Task<DockerNetwork> InspectNetworkAsync(string name, CancellationToken ct = default) =>
        DockerNetwork.ParseInspect((await MustAsync($"network inspect {Q(name)}", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout);

    /// <summary><c>docker network ls</c>, parsed.</summary>
    public async Task<IReadOnlyList<DockerNetworkRow>> NetworksAsync(CancellationToken ct = default) =>
        DockerNetworkRow.ParseList((await MustAsync("network ls", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout);

    /// <summary>Waits until <c>docker network ls</c> lists <paramref name="name"/> (overlay networks arrive from the store).</summary>
    public async Task<DockerNetworkRow> WaitForNetworkAsync(string name, CancellationToken ct = default)
    {
        var outcome = await Eventually.UntilAsync($"{Where}: docker network ls lists {name}",
            async c => (await host.QuietAsync("docker network ls", ct: c).ConfigureAwait(false)).EnsureSuccess().Stdout,
            o => DockerNetworkRow.ParseList(o).Any(n => n.Name == name), Timeouts.Default.Assert, TimeSpan.FromMilliseconds(250), o => o, ct,
            host.Evidence).ConfigureAwait(false);
        host.Evidence.Record(new EvidenceItem($"[{Where} via {Host.Channel}]$ docker network ls", outcome.Value.TrimEnd()));
        return DockerNetworkRow.ParseList(outcome.Value).First(n => n.Name == name);
    }

    /// <summary><c>docker images</c>, parsed (REPOSITORY, TAG, IMAGE ID, CREATED, SIZE).</summary>
    public async Task<IReadOnlyList<TableRow>> ImagesAsync(CancellationToken ct = default) =>
        CliTable.Parse((await MustAsync("images", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout);

    /// <summary><c>docker version --format '{{json .}}'</c>, parsed.</summary>
    public async Task<DockerVersionReport> VersionAsync(CancellationToken ct = default) =>
        DockerVersionReport.ParseJson((await MustAsync("version --format '{{json .}}'", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout);

    /// <summary>The host ports bound to a container port (<c>docker port demo 80</c> → 0.0.0.0:49153).</summary>
    public async Task<IReadOnlyList<int>> HostPortsAsync(string container, int containerPort, CancellationToken ct = default)
    {
        var r = await MustAsync($"port {Q(container)} {containerPort}", Timeouts.Default.Exec, ct).ConfigureAwait(false);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => int.Parse(l[(l.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture))
            .Distinct()
            .ToList();
    }

    private static string Q(string word) => LocalProcess.Quote(word);
}

/// <summary>What <c>docker inspect</c> says about a container's process.</summary>
public sealed record ContainerState(string Id, string Status, int Pid, int ExitCode)
{
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;
}

/// <summary>A row of <c>docker network ls</c>.</summary>
public sealed record DockerNetworkRow(string Id, string Name, string Driver, string Scope)
{
    public static IReadOnlyList<DockerNetworkRow> ParseList(string output) =>
        CliTable.Parse(output).Select(r => new DockerNetworkRow(r["NETWORK ID"], r["NAME"], r["DRIVER"], r["SCOPE"])).ToList();

    public override string ToString() => $"{Id}  {Name}  {Driver}  {Scope}";
}
