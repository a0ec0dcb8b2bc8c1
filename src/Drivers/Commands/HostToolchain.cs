using LabSpecs.Core;

namespace LabSpecs.Drivers.Commands;

/// <summary>The compilers a lab needs on a host (the hello-world image is a static C binary).</summary>
public sealed class HostToolchain(HostShell shell)
{
    /// <summary>Compiles and links an empty C program statically; a non-zero exit says gcc or the static libc is missing.</summary>
    public Task<ExecResult> LinkStaticallyAsync(CancellationToken ct = default) =>
        shell.RunAsync("echo 'int main(void){return 0;}' | gcc -static -x c -o /dev/null -", Timeouts.Default.Exec, ct);
}
