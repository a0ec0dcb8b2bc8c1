using LabSpecs.Core;

namespace LabSpecs.Drivers.Ssh;

/// <summary>Connect timeout (TCP + key exchange + auth), default command timeout and keep-alive of an <see cref="SshHost"/>.</summary>
public sealed record SshHostOptions(TimeSpan Connect, TimeSpan Command, TimeSpan KeepAlive)
{
    public static SshHostOptions Default { get; } = new(TimeSpan.FromSeconds(10), Timeouts.Default.Exec, TimeSpan.FromSeconds(15));
}
