using System.Net;
using LabSpecs.Core;
using LabSpecs.Environments;

namespace LabSpecs.UnitTests.Drivers;

/// <summary>
/// Hosts for driver tests: this machine itself (<c>sh -c</c>, a real shell, read-only commands only), one whose transport
/// fails, and one that never answers and ignores its token.
/// </summary>
internal sealed class ThisMachine(string name = "localhost") : ILabHost
{
    public string Name => name;

    public IPAddress Address => IPAddress.Loopback;

    public Uri DockerEndpoint => throw new NotSupportedException("this machine's docker is not a lab engine");

    public SshEndpoint Ssh => throw new NotSupportedException("this machine is not reached over SSH");

    public string Channel => Channels.Local;

    public async Task<ExecResult> ExecAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default) =>
        (await LocalProcess.RunAsync("sh", ["-c", command], timeout ?? Timeouts.Default.Exec, ct: ct)) with { Command = command, Where = name, Channel = Channel };

    public Task<Stream> DialDockerAsync(CancellationToken ct = default) => throw new NotSupportedException();
}

/// <summary>A host whose transport fails: exercises error paths.</summary>
internal sealed class UnreachableHost(string name) : ILabHost
{
    public string Name => name;

    public IPAddress Address => IPAddress.Parse("192.0.2.1");

    public Uri DockerEndpoint => throw new NotSupportedException();

    public SshEndpoint Ssh => throw new NotSupportedException();

    public string Channel => Channels.Ssh;

    public Task<ExecResult> ExecAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default) =>
        throw new LabSpecsException($"no route to {name}");

    public Task<Stream> DialDockerAsync(CancellationToken ct = default) => throw new LabSpecsException($"no route to {name}");
}

/// <summary>A host that never answers and ignores its token: whoever waits for it must bound the wait itself.</summary>
internal sealed class HangingHost(string name) : ILabHost
{
    public string Name => name;

    public IPAddress Address => IPAddress.Parse("192.0.2.2");

    public Uri DockerEndpoint => throw new NotSupportedException();

    public SshEndpoint Ssh => throw new NotSupportedException();

    public string Channel => Channels.Ssh;

    public async Task<ExecResult> ExecAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
        return new ExecResult(command, name, 0, "", "", TimeSpan.Zero);
    }

    public Task<Stream> DialDockerAsync(CancellationToken ct = default) => throw new NotSupportedException();
}
