using System.Diagnostics;
using System.Net;
using LabSpecs.Core;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// The default provider: hosts made of Linux namespaces (like Mininet/containerlab), each running its own dockerd and sshd,
/// on a bridge inside an underlay namespace that has no route out of the machine.
/// </summary>
[LabEnvironmentProvider("embedded")]
public sealed class EmbeddedProvider : ILabEnvironmentProvider, IDetachableProvider
{
    public const string RegistryStorage = "/var/lib/labspecs/images/registry";

    public string Name => "embedded";

    /// <summary>Environments created detached (<c>labspecs env up</c>) outlive this process; a sweep keeps them.</summary>
    public bool Detached { get; set; }

    /// <summary>
    /// Paths under /etc or /var of this machine that every host sees as absent (a whiteout in the host's copy-on-write
    /// layer; the machine itself is untouched). E.g. <c>/var/lib/docker</c> boots hosts as on a machine where dockerd never ran.
    /// </summary>
    public IReadOnlyList<string> HideFromHosts { get; init; } = [];

    /// <summary>The script each host boots with (default: environments/embedded/host-boot.sh).</summary>
    public string BootScriptText { get; init; } = DefaultBootScript;

    /// <summary>environments/embedded/host-boot.sh, embedded in this assembly.</summary>
    public static string DefaultBootScript => BootScript.Text;

    /// <summary>Embedded hosts have exactly this machine's kernel and tools.</summary>
    public async Task<Capabilities?> CapabilitiesBeforehandAsync(TopologySpec topology, CancellationToken ct = default) =>
        await CapabilityProbe.ProbeAsync(ct).ConfigureAwait(false);

    /// <summary><c>engine:</c> the hosts' Docker engine (host-images.txt; default the first, -Engine overrides it for a run).</summary>
    public IReadOnlyList<string> TopologyKeys => ["engine"];

    public TopologySpec ReadTopology(TopologySpec topology, YamlFile file, YamlDotNet.RepresentationModel.YamlMappingNode node) =>
        Images.HostImages.ReadEngineKey(topology, file, node);

    public async Task<ILabEnvironment> CreateAsync(TopologySpec topology, IEvidenceSink progress, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        // The hosts pull from the local image catalog and their layer stores are seeded from it (HostFiles). Its check (a
        // script, cheap when everything is cached) runs while the networks are made; the hosts' files wait for it.
        var engine = Images.HostImages.EngineFor(topology); // an unknown engine fails here, before anything is made
        var catalog = Images.ImageCatalog.EnsureBuiltAsync(progress, ct);
        // The hosts' root: their engine's host image (quick when published; built once the first time, see src/Environments/README.md).
        var image = Images.HostImages.EnsureAsync(engine, progress, ct);
        LabPaths paths;
        try
        {
            paths = await Underlay.BeginAsync(topology, Detached, ct).ConfigureAwait(false);
        }
        catch
        {
            await Task.WhenAll(catalog, image).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        try
        {
            return await BuildAsync(paths, topology, catalog, await image.ConfigureAwait(false), progress, clock, ct).ConfigureAwait(false);
        }
        catch
        {
            // a failed catalog check must not go unobserved when the network part failed first
            await Task.WhenAll(catalog, image).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            await Teardown.RemoveAsync(paths.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<EmbeddedEnvironment> BuildAsync(LabPaths paths, TopologySpec topology, Task catalog, Images.HostImage image, IEvidenceSink progress, Stopwatch clock, CancellationToken ct)
    {
        var bootScript = Path.Combine(paths.Runtime, "host-boot.sh");
        await Underlay.CreateAsync(paths, topology, progress, clock, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(bootScript, BootScriptText, ct).ConfigureAwait(false);

        var hosts = topology.Hosts.Select(h => new EmbeddedHost(h, paths,
            new SshEndpoint(h.Address.ToString(), 22, "root", paths.ClientKey, "", h.Address), image)).ToList();
        await Task.WhenAll(hosts.Select(h => PlumbAsync(paths, topology, h, catalog, ct))).ConfigureAwait(false);
        await HostFiles.WriteKnownHostsAsync(paths, topology, ct).ConfigureAwait(false);
        var registry = LocalRegistry.StartAsync(paths, topology, RegistryStorage, ct);
        await Task.WhenAll(hosts.Select(h => h.LaunchAsync(bootScript, ct))).ConfigureAwait(false);

        var env = new EmbeddedEnvironment(paths, topology, hosts, bootScript, image);
        var underlayPath = env.UnderlayNetnsPath;
        await Task.WhenAll(hosts.Select(async h =>
        {
            await h.WaitReadyAsync(underlayPath, Timeouts.Default.Provision, ct).ConfigureAwait(false);
            progress.Record(new EvidenceItem(h.Name, $"{h.Name} {h.Address}: dockerd and sshd ready ({clock.Elapsed.TotalSeconds:0.00} s)"));
        })).ConfigureAwait(false);
        await registry.ConfigureAwait(false);
        foreach (var h in hosts)
        {
            h.Ssh = h.Ssh with { HostKeySha256 = HostFiles.Fingerprint(HostFiles.HostKeyPub(paths, h.Name)) };
            env.AddForwarder(h);
        }

        await HostFiles.WriteNetnsEtcAsync(paths, topology, ct).ConfigureAwait(false);
        env.Capabilities = await CapabilityProbe.ProbeAsync(ct).ConfigureAwait(false);
        progress.Record(new EvidenceItem("ready", $"environment {env} ready in {clock.Elapsed.TotalSeconds:0.00} s"));
        return env;
    }

    /// <summary>The host's network namespace and its link: eth0 in the host, the peer on the underlay bridge; never in the root namespace.</summary>
    private async Task PlumbAsync(LabPaths paths, TopologySpec topology, EmbeddedHost host, Task catalog, CancellationToken ct)
    {
        var u = paths.UnderlayNetns;
        var h = host.Netns;
        var link = LabPaths.UnderlayLinkName(host.Name);
        // three ip processes (batches per namespace), not six and a shell; the host's sysctls are set by its boot script
        var step = Timeouts.Default.Exec;
        (await LocalProcess.RunAsync("ip", ["-b", "-"], step,
            stdin: $"netns add {h}\nlink add name {link} netns {u} type veth peer name eth0 netns {h}\n", ct: ct).ConfigureAwait(false)).EnsureSuccess();
        (await LocalProcess.RunAsync("ip", ["-n", u, "link", "set", link, "master", "br0", "up"], step, ct: ct).ConfigureAwait(false)).EnsureSuccess();
        (await LocalProcess.RunAsync("ip", ["-n", h, "-b", "-"], step,
            stdin: $"link set lo up\naddr add {host.Address}/{topology.Subnet.PrefixLength} dev eth0\nlink set eth0 up\n", ct: ct).ConfigureAwait(false)).EnsureSuccess();
        Cgroups.Create(host.Cgroup);
        await catalog.ConfigureAwait(false);
        await HostFiles.PrepareAsync(paths, topology, host.Spec, host.Image, ct).ConfigureAwait(false);
        foreach (var hidden in HideFromHosts)
        {
            await HostFiles.HideAsync(paths, host.Spec, hidden, ct).ConfigureAwait(false);
        }
    }

    public async Task<int> SweepLeftoversAsync(CancellationToken ct = default) => await Sweeper.SweepAsync(all: false, ct).ConfigureAwait(false);
}

internal static class BootScript
{
    public static readonly string Text = EmbeddedScript.Read("host-boot.sh");
}

/// <summary>The local image registry (Debian docker-registry) inside the underlay, read-only over the shared catalog storage.</summary>
internal static class LocalRegistry
{
    public static async Task StartAsync(LabPaths paths, TopologySpec topology, string storage, CancellationToken ct)
    {
        Directory.CreateDirectory(storage);
        var address = UnderlayAddresses.Registry(topology);
        var config = Path.Combine(paths.Runtime, "registry.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {storage}
              maintenance:
                readonly:
                  enabled: true
                uploadpurging:
                  enabled: false
            http:
              addr: {address}:5000
            """, ct).ConfigureAwait(false);
        var launch = $"{Cgroups.JoinScript(paths.Cgroup("underlay"))} exec nsenter --net=/run/netns/{paths.UnderlayNetns} docker-registry serve {config}";
        await LocalProcess.RunAsync("setsid", ["-f", "/bin/sh", "-c", launch + $" >>{Path.Combine(paths.Runtime, "registry.log")} 2>&1 </dev/null"],
            TimeSpan.FromSeconds(10), ct: ct).ConfigureAwait(false);
        await Eventually.UntilAsync($"registry answers on {address}:5000", async c =>
        {
            using var s = await NetnsSocket.ConnectAsync("/run/netns/" + paths.UnderlayNetns, new IPEndPoint(address, 5000), TimeSpan.FromSeconds(1), c).ConfigureAwait(false);
            return true;
        }, ok => ok, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50), ct: ct).ConfigureAwait(false);
    }
}
