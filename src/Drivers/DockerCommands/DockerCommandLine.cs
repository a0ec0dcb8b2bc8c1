using System.Globalization;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Drivers.Docker;
using LabSpecs.Drivers.Networking;
using LabSpecs.Drivers.Ping;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.DockerCommands;

/// <summary>
/// The docker command line on a lab host, typed as the handbook types it (<c>docker network inspect bridge</c>): each command
/// and its real output are recorded as evidence by the host's <see cref="HostShell"/>. Complements the API driver where
/// a lab is about what the CLI prints (pull status lines, <c>docker ps</c> tables, <c>docker history</c>), and drives the
/// engines of multi-host labs with the commands the handbook types on each host.
/// </summary>
/// <remarks>
/// With a <c>runId</c>, what a command creates (run, create, network/volume/service create) carries <c>labspecs.run=ID</c>
/// (<see cref="RunLabel"/>), so a run on a shared host removes only what it made; the evidence shows the command as typed.
/// </remarks>
public sealed class DockerCommandLine(HostShell host, ICleanupRegistry? cleanups = null, IContainerLog? containers = null, string? runId = null)
{
    /// <summary>The shell line that keeps a container alive the handbook's way, when no command is given.</summary>
    public const string KeepAlive = "sh -c \"while true; do sleep 3600; done\"";

    public string Where => host.Where;

    public ILabHost Host => host.Host;

    /// <summary>Runs <c>docker ARGS</c>; a non-zero exit is returned, not thrown.</summary>
    public async Task<ExecResult> RunAsync(string arguments, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        if (runId is null) return await host.RunAsync("docker " + arguments, timeout ?? Timeouts.Default.Apply, ct).ConfigureAwait(false);
        var result = await host.QuietAsync("docker " + RunLabel.AddTo(arguments, runId), timeout ?? Timeouts.Default.Apply, ct).ConfigureAwait(false);
        result = result with { Command = "docker " + arguments };
        host.Evidence.Record(result);
        return result;
    }

    /// <summary>Runs <c>docker ARGS</c> and throws <see cref="CommandFailedException"/> unless it exits 0.</summary>
    public async Task<ExecResult> MustAsync(string arguments, TimeSpan? timeout = null, CancellationToken ct = default) =>
        (await RunAsync(arguments, timeout, ct).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>
    /// The events the engine still holds (its last <see cref="Checks.LabFacts.EngineEventBuffer"/>, since it started), up to now:
    /// one "TYPE ACTION NAME" line each.
    /// </summary>
    public async Task<string> EventsSoFarAsync(CancellationToken ct = default) =>
        (await MustAsync("events --since 1 --until \"$(date +%s.%N)\" --format '{{.Type}} {{.Action}} {{.Actor.Attributes.name}}'", Timeouts.Default.Exec, ct)
            .ConfigureAwait(false)).Stdout;

    /// <summary><c>docker inspect --format FORMAT NAME</c>, trimmed (the handbook's way of reading one fact).</summary>
    public async Task<string> InspectFormatAsync(string name, string format, CancellationToken ct = default) =>
        (await MustAsync($"inspect --format {Q(format)} {Q(name)}", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout.Trim();

    public async Task<ContainerState> ContainerStateAsync(string name, CancellationToken ct = default) =>
        ContainerState.Parse(await InspectFormatAsync(name, ContainerState.Format, ct).ConfigureAwait(false));

    /// <summary>Waits until <c>docker inspect</c> shows the container in <paramref name="status"/> (running, exited …).</summary>
    public async Task<ContainerState> WaitForStatusAsync(string name, string status, CancellationToken ct = default)
    {
        var format = Q(ContainerState.Format);
        var outcome = await Eventually.UntilAsync($"container {name} is {status}",
            async c => ContainerState.Parse((await host.QuietAsync($"docker inspect --format {format} {Q(name)}", ct: c).ConfigureAwait(false)).EnsureSuccess().Stdout),
            s => s.Status == status, Timeouts.Default.Assert, describeValue: s => $"status {s.Status}, exit code {s.ExitCode}", ct: ct,
            evidence: host.Evidence).ConfigureAwait(false);
        return outcome.Value;
    }

    /// <summary><c>docker ps</c> as the handbook types it: <c>-a</c> for all, <c>-q</c> for IDs only, <c>--filter status=S</c>.</summary>
    public Task<ExecResult> PsAsync(bool all = false, bool quiet = false, string? status = null, CancellationToken ct = default)
    {
        var flags = (all, quiet) switch { (true, true) => " -aq", (true, false) => " -a", (false, true) => " -q", _ => "" };
        return MustAsync("ps" + flags + (status is null ? "" : $" --filter status={Q(status)}"), Timeouts.Default.Exec, ct);
    }

    /// <summary>The handbook's <c>docker rm $(docker ps -aq --filter status=exited)</c>.</summary>
    public Task<ExecResult> RemoveExitedAsync(CancellationToken ct = default) =>
        MustAsync("rm $(docker ps -aq --filter status=exited)", Timeouts.Default.Apply, ct);

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
        containers?.Started(Host.Name, name);
        return RunAsync($"run -d --name {Q(name)}{net} {options} {image} {command ?? KeepAlive}".Replace("  ", " "), Timeouts.Default.Apply, ct);
    }

    /// <summary><c>docker run IMAGE</c> in the foreground: what the container printed, until it exits.</summary>
    public Task<ExecResult> RunInForegroundAsync(string image, CancellationToken ct = default) =>
        MustAsync($"run {Q(image)}", Timeouts.Default.Apply, ct);

    /// <summary><c>docker run -i --name NAME IMAGE</c> with <paramref name="input"/> typed on its stdin (a here-document).</summary>
    public Task<ExecResult> RunInteractiveAsync(string name, string image, string input, CancellationToken ct = default)
    {
        containers?.Started(Host.Name, name);
        return RunAsync($"run -i --name {Q(name)} {Q(image)} <<'LABSPECS_EOF'\n{input}\nLABSPECS_EOF", Timeouts.Default.Apply, ct);
    }

    /// <summary><c>docker exec C ping -c N -i 0.2 -W 2 TARGET</c> (<see cref="HostNetwork.PingCommand"/>); loss and unknown names are results, never exceptions.</summary>
    public async Task<PingResult> PingAsync(string container, string target, int count = 3, CancellationToken ct = default)
    {
        var r = await RunAsync($"exec {Q(container)} {HostNetwork.PingCommand(target, count)}", TimeSpan.FromSeconds(count * 3 + 5), ct).ConfigureAwait(false);
        return PingResult.Of(r);
    }

    /// <summary><c>docker exec C ping -c 1 -W 1 NAME</c>: one try, for what a name resolves to (or the resolver's refusal).</summary>
    public Task<ExecResult> PingOnceAsync(string container, string target, CancellationToken ct = default) =>
        RunAsync($"exec {Q(container)} ping -c 1 -W 1 {Q(target)}", Timeouts.Default.Exec, ct);

    /// <summary>Two quick pings (<c>-c 2 -i 0.3 -W 1</c>): traffic to watch on the wire, not a measurement.</summary>
    public Task<ExecResult> PingQuicklyAsync(string container, string target, CancellationToken ct = default) =>
        RunAsync($"exec {Q(container)} ping -c 2 -i 0.3 -W 1 {Q(target)}", TimeSpan.FromSeconds(10), ct);

    /// <summary>
    /// What a name resolves to inside a container: <c>getent hosts NAME</c> (Debian-based images), else busybox <c>nslookup NAME</c>.
    /// </summary>
    public Task<ExecResult> ResolveAsync(string container, string name, CancellationToken ct = default) =>
        RunAsync($"exec {Q(container)} sh -c {Q($"getent hosts {name} 2>/dev/null || nslookup {name}")}", Timeouts.Default.Exec, ct);

    /// <summary><c>docker exec C nslookup NAME</c> until it answers with <paramref name="count"/> addresses (a service's tasks arrive one by one).</summary>
    public async Task<IReadOnlyList<string>> WaitForAnswersAsync(string container, string name, int count, CancellationToken ct = default)
    {
        var command = $"docker exec {Q(container)} nslookup {Q(name)}";
        var outcome = await Eventually.UntilAsync($"{name} resolves to {count} addresses in {container} on {Where}",
            async c => (await host.QuietAsync(command, ct: c).ConfigureAwait(false)).Stdout,
            o => Nslookup.Answers(o).Count == count, Timeouts.Default.Assert, TimeSpan.FromMilliseconds(500), o => o, ct, host.Evidence)
            .ConfigureAwait(false);
        return Nslookup.Answers(outcome.Value);
    }

    /// <summary><c>docker exec C redis-cli get KEY</c>, trimmed.</summary>
    public async Task<string> RedisGetAsync(string container, string key, CancellationToken ct = default) =>
        (await MustAsync($"exec {Q(container)} redis-cli get {Q(key)}", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout.Trim();

    /// <summary><c>docker stop -t 1 C</c> (a busybox shell ignores SIGTERM: one second, not ten).</summary>
    public Task<ExecResult> StopAsync(string container, CancellationToken ct = default) => MustAsync($"stop -t 1 {Q(container)}", Timeouts.Default.Apply, ct);

    /// <summary><c>docker network create -d DRIVER [--attachable] NAME</c>, as the handbook types it on a host.</summary>
    public Task<ExecResult> CreateNetworkAsync(string name, string driver, bool attachable = false, CancellationToken ct = default) =>
        MustAsync($"network create -d {Q(driver)}{(attachable ? " --attachable" : "")} {Q(name)}", Timeouts.Default.Apply, ct);

    /// <summary><c>docker network inspect NAME</c>, parsed.</summary>
    public async Task<NetworkDetails> InspectNetworkAsync(string name, CancellationToken ct = default) =>
        DockerNetworkOutput.ParseInspect((await MustAsync($"network inspect {Q(name)}", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout);

    /// <summary><c>docker network ls</c>, parsed.</summary>
    public async Task<IReadOnlyList<NetworkSummary>> NetworksAsync(CancellationToken ct = default) =>
        DockerNetworkOutput.ParseList((await MustAsync("network ls", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout);

    /// <summary>Waits until <c>docker network ls</c> lists <paramref name="name"/> (overlay networks arrive from the store).</summary>
    public async Task<NetworkSummary> WaitForNetworkAsync(string name, CancellationToken ct = default)
    {
        var outcome = await Eventually.UntilAsync($"{Where}: docker network ls lists {name}",
            async c => (await host.QuietAsync("docker network ls", ct: c).ConfigureAwait(false)).EnsureSuccess().Stdout,
            o => DockerNetworkOutput.ParseList(o).Any(n => n.Name == name), Timeouts.Default.Assert, TimeSpan.FromMilliseconds(250), o => o, ct,
            host.Evidence).ConfigureAwait(false);
        return DockerNetworkOutput.ParseList(outcome.Value).First(n => n.Name == name);
    }

    /// <summary><c>docker pull IMAGE</c> (through the environment's registry mirror), with its status lines.</summary>
    public Task<ExecResult> PullAsync(string image, CancellationToken ct = default) => MustAsync($"pull {Q(image)}", Timeouts.Default.Provision, ct);

    /// <summary><c>docker build -t TAG .</c> in the shell's directory; registers the image's removal. A failed build is returned.</summary>
    public Task<ExecResult> BuildAsync(string tag, CancellationToken ct = default)
    {
        cleanups?.RegisterCleanup($"remove image {tag}", c => RemoveImageAsync(tag, force: true, c));
        return RunAsync($"build -t {Q(tag)} .", Timeouts.Default.Provision, ct);
    }

    public Task<ExecResult> HistoryAsync(string image, CancellationToken ct = default) => MustAsync($"history --no-trunc {Q(image)}", Timeouts.Default.Exec, ct);

    /// <summary><c>docker rmi [-f] IMAGE</c>; a non-zero exit is returned.</summary>
    public Task<ExecResult> RemoveImageAsync(string image, bool force = false, CancellationToken ct = default) =>
        RunAsync($"rmi {(force ? "-f " : "")}{Q(image)}", Timeouts.Default.Apply, ct);

    /// <summary>Whether <c>docker image inspect</c> finds the image.</summary>
    public async Task<bool> HasImageAsync(string image, CancellationToken ct = default) =>
        (await RunAsync($"image inspect --format '{{{{.Id}}}}' {Q(image)}", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Succeeded;

    /// <summary>The image's size in bytes (<c>docker image inspect --format '{{.Size}}'</c>).</summary>
    public async Task<long> ImageSizeAsync(string image, CancellationToken ct = default) =>
        long.Parse((await MustAsync($"image inspect --format '{{{{.Size}}}}' {Q(image)}", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout.Trim(),
            CultureInfo.InvariantCulture);

    /// <summary>The row of <c>docker images</c> that lists <paramref name="image"/> (REPOSITORY and TAG, <c>latest</c> by default), or null.</summary>
    public static TableRow? ImageRow(IReadOnlyList<TableRow> images, string image)
    {
        var (repository, tag) = DockerEngine.SplitReference(image);
        return images.FirstOrDefault(i => i["REPOSITORY"] == repository && i["TAG"] == tag);
    }

    /// <summary><c>docker images</c>, parsed (REPOSITORY, TAG, IMAGE ID, CREATED, SIZE).</summary>
    public async Task<IReadOnlyList<TableRow>> ImagesAsync(CancellationToken ct = default) =>
        CliTable.Parse((await MustAsync("images", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout);

    /// <summary>
    /// How a client checks, with the docker CLI and its flags, that it reaches an engine that is not a lab host's own (docker-machine's
    /// TLS endpoint): <c>docker [FLAGS] version --format '{{.Server.Version}}'</c>. A lab host's engine is asked through <c>EngineApi</c>.
    /// </summary>
    public const string ServerVersionArguments = "version --format '{{.Server.Version}}'";

    /// <summary><c>docker version</c> as the reader types it (the client and server tables).</summary>
    public Task<ExecResult> ShowVersionAsync(CancellationToken ct = default) => MustAsync("version", Timeouts.Default.Exec, ct);

    /// <summary>The owner, group and mode of the engine's socket (<c>stat -L -c '%U:%G %a' /var/run/docker.sock</c>), e.g. <c>root:docker 660</c>.</summary>
    public async Task<string> SocketOwnerAsync(CancellationToken ct = default) =>
        (await host.MustAsync("stat -L -c '%U:%G %a' /var/run/docker.sock", Timeouts.Default.Exec, ct).ConfigureAwait(false)).Stdout.Trim();

    /// <summary>Runs a command as a user who is not root (nobody), in the docker group or outside it; a refusal is returned.</summary>
    public Task<ExecResult> RunAsUserAsync(string command, bool inDockerGroup, CancellationToken ct = default) =>
        host.RunAsync($"setpriv --reuid=nobody --regid=nogroup {(inDockerGroup ? "--groups docker" : "--clear-groups")} env HOME=/tmp {command}",
            Timeouts.Default.Exec, ct);

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
    /// <summary>The <c>docker inspect --format</c> that prints what <see cref="Parse"/> reads.</summary>
    public const string Format = "{{.Id}} {{.State.Status}} {{.State.Pid}} {{.State.ExitCode}}";

    public static ContainerState Parse(string line)
    {
        var f = line.Trim().Split(' ');
        return f.Length == 4 && int.TryParse(f[2], CultureInfo.InvariantCulture, out var pid) && int.TryParse(f[3], CultureInfo.InvariantCulture, out var exit)
            ? new ContainerState(f[0], f[1], pid, exit)
            : throw new FormatException($"Not the output of docker inspect --format '{Format}': {line}");
    }

    public string ShortId => DockerIds.Short(Id);
}

