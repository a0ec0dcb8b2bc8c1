using System.Diagnostics;
using System.Net;
using LabSpecs.Core;
using LabSpecs.Environments.Embedded;
using LabSpecs.Environments.Inventory;
using LabSpecs.Environments.Ssh;

namespace LabSpecs.Environments.Vm;

/// <summary>
/// Hosts as qemu virtual machines with their own kernel, systemd and dockerd as a service, a <c>vagrant</c> user with
/// passwordless sudo: the handbook's Vagrant boxes, built from Debian packages (the host image's <c>vm</c> variant, same
/// engine choice as embedded hosts). For the labs this machine's kernel cannot run (GRE, IPVS, Open vSwitch). Each VM's NIC
/// is a tap on the environment's underlay bridge; the underlay has no route out, and qemu's user-mode network is never used.
/// KVM when it works (<see cref="Accelerator"/>), TCG otherwise.
/// </summary>
[LabEnvironmentProvider(ProviderName)]
public sealed class VmProvider : ILabEnvironmentProvider, IDetachableProvider
{
    public const string ProviderName = "vm";

    public const string Variant = "vm";

    public string Name => ProviderName;

    /// <summary>How much longer every timeout is when the VMs run under TCG (a command's bound, not its expected time).</summary>
    public const double TcgSlowdown = 8;

    /// <summary>Environments created detached (<c>labspecs env up</c>) outlive this process; a sweep keeps them.</summary>
    public bool Detached { get; set; }

    /// <summary>How long a VM may take to boot to its ready line: 2 minutes with KVM, 6 under TCG (2 cores shared by the VMs).</summary>
    public static TimeSpan BootDeadline(Accelerator accelerator) => accelerator.Kvm ? TimeSpan.FromMinutes(2) : TimeSpan.FromMinutes(6);

    /// <summary>Why VMs cannot be made on this machine (no qemu), or null; asked once per process (the pool asks per feature). The image is built when missing, so it is not asked here.</summary>
    public static string? WhyNoVms() => NoVms.Value;

    private static readonly Lazy<string?> NoVms = new(() =>
        LocalProcess.RunAsync("/bin/sh", ["-c", "command -v qemu-system-x86_64 && command -v qemu-img && command -v mke2fs"], TimeSpan.FromSeconds(5))
            .GetAwaiter().GetResult().Succeeded
            ? null
            : "qemu is not installed on this machine (qemu-system-x86_64, qemu-img from qemu-system-x86 and qemu-utils; the setup installs them)");

    /// <summary>Without qemu every scenario on VMs is skipped, saying so.</summary>
    public CapabilityMissingException? CannotMake(TopologySpec topology) => WhyNoVms() is { } why ? new CapabilityMissingException("vm", why) : null;

    /// <summary><c>engine:</c> the hosts' Docker engine (host-images.txt; default the first, -Engine overrides it for a run).</summary>
    public IReadOnlyList<string> TopologyKeys => ["engine"];

    public TopologySpec ReadTopology(TopologySpec topology, YamlFile file, YamlDotNet.RepresentationModel.YamlMappingNode node) =>
        Images.HostImages.ReadEngineKey(topology, file, node);

    public async Task<ILabEnvironment> CreateAsync(TopologySpec topology, IEvidenceSink progress, CancellationToken ct = default)
    {
        if (CannotMake(topology) is { } cannot) throw cannot;
        var clock = Stopwatch.StartNew();
        var engine = Images.HostImages.EngineFor(topology);
        var catalog = Images.ImageCatalog.EnsureBuiltAsync(progress, ct);
        var image = await Images.HostImages.EnsureAsync(engine, progress, ct, Variant).ConfigureAwait(false);
        var accelerator = await Accelerator.DetectAsync(Path.Combine(image.Directory, "vmlinuz"), ct).ConfigureAwait(false);
        if (!accelerator.Kvm) Timeouts.SlowHosts(TcgSlowdown);
        Say(progress, $"VMs run under {accelerator.Name.ToUpperInvariant()} ({accelerator.Why}{(accelerator.Kvm ? "" : $"; timeouts ×{TcgSlowdown}")}); image {image.EngineDescription}, kernel package {image.Manifest.Packages.GetValueOrDefault("linux-image-cloud-amd64", "?")}");
        LabPaths paths;
        try
        {
            paths = await Underlay.BeginAsync(topology, Detached, ct).ConfigureAwait(false);
        }
        catch
        {
            await catalog.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        var forwarders = new List<SshForwarder>();
        try
        {
            return await BuildAsync(paths, topology, catalog, image, accelerator, forwarders, Detached, progress, clock, ct).ConfigureAwait(false);
        }
        catch
        {
            await catalog.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            foreach (var f in forwarders) await f.DisposeAsync().ConfigureAwait(false);
            await Teardown.RemoveAsync(paths.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<VmEnvironment> BuildAsync(LabPaths paths, TopologySpec topology, Task catalog, Images.HostImage image, Accelerator accelerator,
        List<SshForwarder> forwarders, bool detached, IEvidenceSink progress, Stopwatch clock, CancellationToken ct)
    {
        await Underlay.CreateAsync(paths, topology, progress, clock, ct).ConfigureAwait(false);
        var size = VmSize.FromEnvironment(accelerator);
        var vms = topology.Hosts.Select(h => new QemuHost(paths, topology, h, image, accelerator, size)).ToList();
        await Task.WhenAll(vms.Select(v => v.PrepareAsync(ct))).ConfigureAwait(false);
        foreach (var vm in vms) await vm.LaunchAsync(ct).ConfigureAwait(false);
        Say(progress, $"{vms.Count} VM(s) booting ({size.Cpus} CPUs, {size.MemoryMb} MB each; consoles in {paths.Runtime}/HOST/console.log)");
        await catalog.ConfigureAwait(false);
        var registry = LocalRegistry.StartAsync(paths, topology, EmbeddedProvider.RegistryStorage, ct);
        await Task.WhenAll(vms.Select(async vm =>
        {
            await vm.WaitReadyAsync(BootDeadline(accelerator), ct).ConfigureAwait(false);
            Say(progress, $"{vm.Name} {vm.Address}: booted, sshd and dockerd up ({clock.Elapsed.TotalSeconds:0.0} s; {vm.Boot})");
        })).ConfigureAwait(false);
        await registry.ConfigureAwait(false);

        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var vm in vms)
        {
            var f = new SshForwarder("/run/netns/" + paths.UnderlayNetns, new IPEndPoint(vm.Address, 22));
            forwarders.Add(f);
            ports[vm.Name] = f.Port;
        }

        var inventoryFile = Path.Combine(paths.Runtime, "inventory.yml");
        var hostKeys = vms.ToDictionary(vm => vm.Name, vm => File.ReadAllText(VmSeed.HostKeyPub(paths, vm.Name)).Trim());
        var entries = vms.Select(vm => new ForwardedHost(vm.Name, vm.Address, ports[vm.Name], VmSeed.User, hostKeys[vm.Name].Split(' ')[1]));
        await File.WriteAllTextAsync(inventoryFile, ForwardedHost.Inventory(paths, entries, $"for the VMs of environment {paths.Id}, reached through this process's forwarded ports"), ct).ConfigureAwait(false);
        var knownHosts = string.Concat(vms.Select(vm => $"{vm.Address},{vm.Name} {hostKeys[vm.Name]}\n"));
        await HostFiles.WriteNetnsEtcAsync(paths, topology, knownHosts, VmSeed.User, ct).ConfigureAwait(false);
        var bound = InventoryProvider.Bind(topology, Inventory.InventoryFile.Load(inventoryFile));
        var inner = (InventoryEnvironment)await new InventoryProvider().CreateAsync(bound, progress, ct, paths.Id).ConfigureAwait(false);
        var env = new VmEnvironment(paths, topology, vms, forwarders, inner, image, accelerator);
        Say(progress, $"environment {env} ready in {clock.Elapsed.TotalSeconds:0.0} s");
        if (detached) await env.LetGoAsync().ConfigureAwait(false);
        return env;
    }

    public async Task<int> SweepLeftoversAsync(CancellationToken ct = default) => await Sweeper.SweepAsync(all: false, ct).ConfigureAwait(false);

    private static void Say(IEvidenceSink progress, string line) => progress.Record(new EvidenceItem(line, line));
}
