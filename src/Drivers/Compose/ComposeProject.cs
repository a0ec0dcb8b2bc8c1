using System.Text.Json;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Compose;

/// <summary>A container of a compose project, from <c>docker ps --format '{{json .}}'</c> filtered by the project label.</summary>
public sealed partial record ComposeContainer(string Name, string Service, string State, string Ports, IReadOnlyList<string> Networks)
{
    /// <summary>Its number among the service's containers (label <c>com.docker.compose.container-number</c>), 0 when unlabelled.</summary>
    public int Number { get; init; }

    /// <summary>The name docker-compose 1.x gave it, as the handbook's transcripts show: <c>project_service_1</c> (compose v2: <c>project-service-1</c>).</summary>
    public string HandbookName(string project) => $"{project}_{Service}_{Number}";

    /// <summary>The host port published for a container port (<c>0.0.0.0:49153->80/tcp</c> → 49153), or null.</summary>
    public int? HostPortFor(int containerPort) =>
        PortPattern().Matches(Ports).FirstOrDefault(m => m.Groups["ctr"].Value == containerPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            is { } m ? int.Parse(m.Groups["host"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"0\.0\.0\.0:(?<host>\d+)->(?<ctr>\d+)/tcp")]
    private static partial System.Text.RegularExpressions.Regex PortPattern();
}

/// <summary>
/// A docker-compose project on one lab host: the compose file kept next to the feature is copied to the host
/// (<c>/root/labspecs-compose/PROJECT/</c>, with any files it mounts) and docker-compose runs there, as in the handbook.
/// </summary>
public sealed class ComposeProject(ILabHost host, string project, IEvidenceSink evidence, ICleanupRegistry cleanups)
{
    private HostShell On(ILabHost h) => new(h, evidence);

    public string Directory => $"/root/labspecs-compose/{project}";

    public string Project => project;

    public ILabHost Host => host;

    /// <summary>Copies files (name → content) into the project directory on the host; registers <c>docker-compose down</c>.</summary>
    public async Task CopyFilesAsync(IReadOnlyDictionary<string, string> files, CancellationToken ct = default)
    {
        cleanups.RegisterCleanup($"docker-compose down ({project})", c => DownAsync(c), CleanupCost.Costly);
        // One file per here-document; "set -e" stops at the first failure (here-documents cannot be chained with &&).
        var script = $"set -e\nrm -rf {Directory}\nmkdir -p {Directory}\n";
        foreach (var (name, content) in files)
        {
            if (name.Contains('/', StringComparison.Ordinal) || name.StartsWith('.')) throw new ArgumentException($"plain file names only: {name}");
            script += $"cat > {Directory}/{name} <<'LABSPECS_EOF'\n{content.TrimEnd('\n')}\nLABSPECS_EOF\n";
        }

        await On(host).MustAsync(script.TrimEnd('\n'), ct: ct).ConfigureAwait(false);
    }

    public Task<ExecResult> ComposeAsync(string args, CancellationToken ct = default) =>
        On(host).MustAsync($"cd {Directory} && docker-compose -p {project} {args}", Timeouts.Default.Provision, ct);

    public Task<ExecResult> UpAsync(string extra = "", CancellationToken ct = default) => ComposeAsync($"up -d {extra}".TrimEnd(), ct);

    public Task<ExecResult> ScaleAsync(string service, int replicas, CancellationToken ct = default) =>
        ComposeAsync($"up -d --no-recreate --scale {service}={replicas}", ct);

    public Task<ExecResult> PsAsync(CancellationToken ct = default) => ComposeAsync("ps", ct);

    public Task<ExecResult> DownAsync(CancellationToken ct = default) =>
        On(host).RunAsync($"[ -d {Directory} ] && cd {Directory} && docker-compose -p {project} down -v", Timeouts.Default.Provision, ct);

    /// <summary>The IDs of the networks the project made that still exist (<c>docker network ls -q</c> by project label).</summary>
    public async Task<IReadOnlyList<string>> NetworkIdsAsync(CancellationToken ct = default) =>
        (await On(host).MustAsync($"docker network ls -q --filter label=com.docker.compose.project={project}", ct: ct).ConfigureAwait(false))
        .Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public async Task<IReadOnlyList<ComposeContainer>> ContainersAsync(CancellationToken ct = default)
    {
        var r = await On(host).MustAsync(
            $"docker ps -a --filter label=com.docker.compose.project={project} --format '{{{{json .}}}}'", ct: ct).ConfigureAwait(false);
        return ParseContainers(r.Stdout);
    }

    public static IReadOnlyList<ComposeContainer> ParseContainers(string jsonLines) =>
        jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            var labels = Get(e, "Labels").Split(',').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            return new ComposeContainer(Get(e, "Names"), labels.GetValueOrDefault("com.docker.compose.service", ""), Get(e, "State"),
                Get(e, "Ports"), Get(e, "Networks").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                Number = int.TryParse(labels.GetValueOrDefault("com.docker.compose.container-number"), out var n) ? n : 0,
            };
        }).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

    private static string Get(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
