using LabSpecs.Core;
using LabSpecs.Drivers.Cli;
using LabSpecs.Drivers.Commands;
using LabSpecs.Drivers.Networking;
using LabSpecs.Drivers.Ping;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.MultiHost;

/// <summary>
/// The docker CLI on one lab host, for what multi-host labs do on each host: networks, containers, exec.
/// Commands are exactly the handbook's (the host's own CLI talks to its own engine), so the evidence reads like the book.
/// </summary>
public sealed class HostDocker(ILabHost host, IEvidenceSink evidence)
{
    private readonly HostShell _shell = new(host, evidence);

    public ILabHost Host => host;

    public Task<ExecResult> RunAsync(string dockerArgs, TimeSpan? timeout = null, CancellationToken ct = default) =>
        _shell.RunAsync("docker " + dockerArgs, timeout, ct);

    public Task<ExecResult> MustAsync(string dockerArgs, TimeSpan? timeout = null, CancellationToken ct = default) =>
        _shell.MustAsync("docker " + dockerArgs, timeout, ct);

    public async Task<IReadOnlyList<DockerNetworkRow>> NetworksAsync(CancellationToken ct = default) =>
        DockerNetworkRow.ParseList((await MustAsync("network ls", ct: ct).ConfigureAwait(false)).Stdout);

    /// <summary>Waits until <c>docker network ls</c> on this host lists <paramref name="name"/> (overlay networks arrive from the store).</summary>
    public async Task<DockerNetworkRow> WaitForNetworkAsync(string name, CancellationToken ct = default)
    {
        var outcome = await Eventually.UntilAsync($"{host.Name}: docker network ls lists {name}",
            async c => (await _shell.QuietAsync("docker network ls", ct: c).ConfigureAwait(false)).EnsureSuccess().Stdout,
            o => DockerNetworkRow.ParseList(o).Any(n => n.Name == name), Timeouts.Default.Assert, TimeSpan.FromMilliseconds(250), o => o, ct, evidence)
            .ConfigureAwait(false);
        evidence.Record(new EvidenceItem($"[{host.Name} via {host.Channel}]$ docker network ls", outcome.Value.TrimEnd()));
        return DockerNetworkRow.ParseList(outcome.Value).First(n => n.Name == name);
    }

    public async Task<DockerNetwork> InspectNetworkAsync(string name, CancellationToken ct = default) =>
        DockerNetwork.ParseInspect((await MustAsync($"network inspect {LocalProcess.Quote(name)}", ct: ct).ConfigureAwait(false)).Stdout);

    /// <summary>A detached container kept alive the handbook's way (<c>sh -c "while true; do sleep 3600; done"</c>) unless a command is given.</summary>
    public Task<ExecResult> TryRunContainerAsync(string name, string image, string? network = null, string? command = null, string options = "",
        CancellationToken ct = default)
    {
        var net = network is null ? "" : $" --net {LocalProcess.Quote(network)}";
        var cmd = command ?? "sh -c \"while true; do sleep 3600; done\"";
        return RunAsync($"run -d --name {LocalProcess.Quote(name)}{net} {options} {image} {cmd}".Replace("  ", " "), Timeouts.Default.Apply, ct);
    }

    public async Task<IReadOnlyList<NetworkInterface>> ContainerInterfacesAsync(string container, CancellationToken ct = default) =>
        IpTextParser.ParseAddr((await MustAsync($"exec {LocalProcess.Quote(container)} ip addr", ct: ct).ConfigureAwait(false)).Stdout);

    /// <summary>The container's IPv4 address on a network (from <c>docker inspect</c>).</summary>
    public async Task<string> ContainerAddressAsync(string container, string network, CancellationToken ct = default)
    {
        var format = $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}";
        return (await MustAsync($"inspect --format '{format}' {LocalProcess.Quote(container)}", ct: ct).ConfigureAwait(false)).Stdout.Trim();
    }

    /// <summary><c>docker exec C ping -c N -W 2 TARGET</c>; never throws on loss.</summary>
    public async Task<PingResult> PingAsync(string container, string target, int count = 3, CancellationToken ct = default)
    {
        var r = await RunAsync($"exec {LocalProcess.Quote(container)} ping -c {count} -W 2 {LocalProcess.Quote(target)}",
            TimeSpan.FromSeconds(count * 3 + 5), ct).ConfigureAwait(false);
        return PingResult.Parse(r.Stdout + r.Stderr);
    }
}
