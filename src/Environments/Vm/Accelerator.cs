using LabSpecs.Core;

namespace LabSpecs.Environments.Vm;

/// <summary>How qemu runs the VMs: <c>kvm</c> (hardware virtualization) or <c>tcg</c> (qemu's emulator, many times slower).</summary>
public sealed record Accelerator(string Name, string Why)
{
    /// <summary>LABSPECS_VM_ACCEL=kvm|tcg forces one (kvm that does not work then fails the environment with qemu's words).</summary>
    public const string Variable = "LABSPECS_VM_ACCEL";

    public bool Kvm => Name == "kvm";

    /// <summary>qemu's arguments for it: KVM passes the machine's CPU through; TCG emulates the richest CPU model it has.</summary>
    public IReadOnlyList<string> QemuArguments => Kvm ? ["-machine", "q35,accel=kvm", "-cpu", "host"] : ["-machine", "q35,accel=tcg", "-cpu", "max"];

    private static readonly Lock Gate = new();
    private static Task<Accelerator>? _detected;

    /// <summary>
    /// KVM when <c>/dev/kvm</c> opens and a tiny guest (the image's kernel, no root file system) prints "Linux version" within
    /// the deadline; TCG otherwise, with the reason. On some machines /dev/kvm opens but guests stop before the kernel runs
    /// (a nested hypervisor without the MSRs qemu's CPU model needs): only a guest that prints proves KVM works. Once per process.
    /// </summary>
    public static Task<Accelerator> DetectAsync(string kernel, CancellationToken ct)
    {
        lock (Gate) return _detected is { IsFaulted: false, IsCanceled: false } d ? d : _detected = ProbeAsync(kernel, ct);
    }

    private static async Task<Accelerator> ProbeAsync(string kernel, CancellationToken ct)
    {
        switch (Environment.GetEnvironmentVariable(Variable))
        {
            case "tcg": return new Accelerator("tcg", $"{Variable}=tcg");
            case "kvm": return new Accelerator("kvm", $"{Variable}=kvm");
            case null or "": break;
            case var other: throw new LabSpecsException($"{Variable}={other}: valid values are kvm and tcg");
        }

        if (!File.Exists("/dev/kvm")) return new Accelerator("tcg", "no /dev/kvm on this machine");
        var probe = await LocalProcess.RunAsync("timeout", ["-s", "KILL", "15", "qemu-system-x86_64", "-machine", "q35,accel=kvm", "-cpu", "host", "-m", "256",
            "-nodefaults", "-no-user-config", "-display", "none", "-serial", "stdio", "-no-reboot", "-kernel", kernel,
            "-append", "console=ttyS0 panic=-1 earlyprintk=serial"], TimeSpan.FromSeconds(20), ct: ct).ConfigureAwait(false);
        var output = probe.Stdout + probe.Stderr;
        if (output.Contains("Linux version", StringComparison.Ordinal)) return new Accelerator("kvm", "a probe guest booted under KVM");
        var said = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
        return new Accelerator("tcg", $"KVM does not run guests here ({(probe.ExitCode == 137 ? "a probe guest printed nothing within 15 s" : said)})");
    }
}
