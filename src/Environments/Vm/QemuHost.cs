using System.Net;
using LabSpecs.Core;
using LabSpecs.Environments.Embedded;

namespace LabSpecs.Environments.Vm;

/// <summary>
/// One VM of an environment: a qemu process in the host's cgroup and in the underlay namespace, its disk a copy-on-write
/// overlay of the host image's <c>disk.img</c>, its seed disk (<see cref="VmSeed"/>), its NIC a tap device on the underlay's
/// bridge br0 (never qemu's user-mode network: no way out of the lab), its console in <c>console.log</c>.
/// Everything sits in the environment's state, runtime and cgroup, so <see cref="Teardown"/> removes it by the id alone.
/// </summary>
public sealed class QemuHost(LabPaths paths, TopologySpec topology, HostSpec spec, Images.HostImage image, Accelerator accelerator, VmSize size)
{
    /// <summary>The line the image's labspecs-ready.service writes on the console once sshd and dockerd run.</summary>
    public const string ReadyMarker = "labspecs-ready";

    public string Name => spec.Name;

    public IPAddress Address => spec.Address;

    public string Cgroup => paths.Cgroup(spec.Name);

    /// <summary>The host's tap device in the underlay namespace (interface names: at most 15 characters).</summary>
    public string Tap => "t-" + (spec.Name.Length <= 13 ? spec.Name : spec.Name[..13]);

    public string Overlay => Path.Combine(paths.HostState(spec.Name), "disk.qcow2");

    public string ConsoleLog => Path.Combine(paths.Runtime, spec.Name, "console.log");

    public string PidFile => Path.Combine(paths.Runtime, spec.Name, "qemu.pid");

    /// <summary>The MAC of eth0: QEMU's locally administered prefix and the lab address (unique on the environment's bridge).</summary>
    public string Mac => "52:54:" + string.Join(':', spec.Address.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>How long the boot took to the ready line, as its parts (kernel, initrd, userspace, docker), when it said so.</summary>
    public BootTimes? Boot { get; private set; }

    /// <summary>The tap on br0, the disk overlay and the seed; nothing runs yet.</summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(paths.HostState(spec.Name));
        Directory.CreateDirectory(Path.Combine(paths.Runtime, spec.Name));
        Cgroups.Create(Cgroup);
        var u = paths.UnderlayNetns;
        (await LocalProcess.RunAsync("ip", ["-n", u, "-b", "-"], Timeouts.Default.Exec,
            stdin: $"tuntap add dev {Tap} mode tap\nlink set {Tap} master br0 up\n", ct: ct).ConfigureAwait(false)).EnsureSuccess();
        (await LocalProcess.RunAsync("qemu-img", ["create", "-q", "-f", "qcow2", "-F", "raw", "-b", Path.Combine(image.Directory, "disk.img"), Overlay],
            Timeouts.Default.Exec, ct: ct).ConfigureAwait(false)).EnsureSuccess();
        await VmSeed.WriteAsync(paths, topology, spec, ct).ConfigureAwait(false);
    }

    /// <summary>Starts qemu detached (setsid) in the host's cgroup, inside the underlay namespace where its tap is.</summary>
    public async Task LaunchAsync(CancellationToken ct)
    {
        File.Delete(PidFile);
        await File.WriteAllTextAsync(ConsoleLog, "", ct).ConfigureAwait(false);
        var qemu = string.Join(' ', QemuCommand().Select(LocalProcess.Quote));
        var launch = $"{Cgroups.JoinScript(Cgroup)} exec nsenter --net=/run/netns/{paths.UnderlayNetns} {qemu}";
        (await LocalProcess.RunAsync("setsid", ["-f", "/bin/sh", "-c", launch + $" >>{Path.Combine(paths.Runtime, spec.Name, "qemu.log")} 2>&1 </dev/null"],
            TimeSpan.FromSeconds(10), ct: ct).ConfigureAwait(false)).EnsureSuccess();
    }

    public IReadOnlyList<string> QemuCommand() =>
    [
        "qemu-system-x86_64", .. accelerator.QemuArguments, "-smp", size.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-m", size.MemoryMb.ToString(System.Globalization.CultureInfo.InvariantCulture), "-name", $"{paths.Id}-{spec.Name}",
        "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot", "-pidfile", PidFile,
        "-serial", $"file:{ConsoleLog}",
        "-kernel", Path.Combine(image.Directory, "vmlinuz"), "-initrd", Path.Combine(image.Directory, "initrd.img"),
        "-append", "root=/dev/vda rw console=ttyS0 net.ifnames=0 apparmor=0 panic=-1 quiet",
        "-drive", $"file={Overlay},if=virtio,format=qcow2,cache=unsafe,discard=unmap",
        "-drive", $"file={VmSeed.Image(paths, spec.Name)},if=virtio,format=raw,readonly=on",
        "-netdev", $"tap,id=n0,ifname={Tap},script=no,downscript=no", "-device", $"virtio-net-pci,netdev=n0,mac={Mac}",
        "-device", "virtio-rng-pci",
    ];

    /// <summary>The qemu process's PID (from its pid file), or -1 when it is not running.</summary>
    public int Pid =>
        File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid) && ProcessInfo.StartTime(pid) >= 0 && !ProcessInfo.IsZombie(pid) ? pid : -1;

    public bool Running => Pid > 0;

    /// <summary>
    /// Waits for the console's ready line. Fails at once, with the console's tail, when qemu ends (a kernel panic ends it:
    /// panic=-1 and -no-reboot) or systemd gives up (emergency mode); else after <paramref name="deadline"/>.
    /// </summary>
    public async Task WaitReadyAsync(TimeSpan deadline, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var started = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var console = File.Exists(ConsoleLog) ? await File.ReadAllTextAsync(ConsoleLog, ct).ConfigureAwait(false) : "";
            if (BootTimes.FindReadyLine(console) is { } line)
            {
                Boot = BootTimes.Parse(line);
                return;
            }

            if (BootTimes.FailureIn(console) is { } failure) throw BootFailed(failure, console);
            var running = Running;
            started |= running;
            if (!running && (started || clock.Elapsed > TimeSpan.FromSeconds(10)))
            {
                var log = Path.Combine(paths.Runtime, spec.Name, "qemu.log");
                var qemuSaid = File.Exists(log) ? (await File.ReadAllTextAsync(log, ct).ConfigureAwait(false)).Trim() : "";
                throw BootFailed($"qemu ended{(qemuSaid.Length > 0 ? $": {qemuSaid}" : "")}", console);
            }

            if (clock.Elapsed > deadline) throw BootFailed($"no '{ReadyMarker}' line on its console within {deadline.TotalSeconds:0} s ({accelerator.Name})", console);
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
    }

    private LabSpecsException BootFailed(string why, string console)
    {
        var tail = string.Join('\n', console.Replace("\r", "", StringComparison.Ordinal).Split('\n').TakeLast(25));
        return new LabSpecsException($"VM {spec.Name} ({spec.Address}) did not boot: {why}. Last lines of its console ({ConsoleLog}):\n{tail}");
    }

    /// <summary>Pulls the plug: qemu is killed (the guest gets no shutdown), as a power cut; the disk keeps what was written.</summary>
    public async Task KillAsync(CancellationToken ct)
    {
        if (Pid is var pid and > 0)
        {
            await LocalProcess.RunAsync("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5), ct: ct).ConfigureAwait(false);
            await Eventually.UntilAsync($"qemu of {spec.Name} has exited", _ => Task.FromResult(Running), r => !r, TimeSpan.FromSeconds(10),
                TimeSpan.FromMilliseconds(50), ct: ct).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// How big each VM is: LABSPECS_VM_CPUS (default 2 with KVM, 1 under TCG: one emulated CPU per VM boots faster than two when VMs
/// share the machine's cores; measured in src/Environments/README.md, "VM hosts"), LABSPECS_VM_MEMORY_MB (default 1536).
/// </summary>
public sealed record VmSize(int Cpus, int MemoryMb)
{
    public static VmSize FromEnvironment(Accelerator accelerator) => new(
        int.TryParse(Environment.GetEnvironmentVariable("LABSPECS_VM_CPUS"), out var c) && c > 0 ? c : accelerator.Kvm ? 2 : 1,
        int.TryParse(Environment.GetEnvironmentVariable("LABSPECS_VM_MEMORY_MB"), out var m) && m >= 512 ? m : 1536);
}
