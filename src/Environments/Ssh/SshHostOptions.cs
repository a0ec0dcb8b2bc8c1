using LabSpecs.Core;

namespace LabSpecs.Environments.Ssh;

/// <summary>Connect timeout (TCP + key exchange + auth), default command timeout and keep-alive of an <see cref="SshSession"/>.</summary>
public sealed record SshHostOptions(TimeSpan Connect, TimeSpan Command, TimeSpan KeepAlive)
{
    public static SshHostOptions Default { get; } = new(TimeSpan.FromSeconds(10), Timeouts.Default.Exec, TimeSpan.FromSeconds(15));
}
