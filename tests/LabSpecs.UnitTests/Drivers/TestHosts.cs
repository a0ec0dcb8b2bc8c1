using System.Net;
using LabSpecs.Core;
using LabSpecs.Environments;

namespace LabSpecs.UnitTests.Drivers;

/// <summary>A host for driver tests: only its shell is real; it has no lab engine and no sshd.</summary>
internal abstract class TestHost(string name, string address, string channel) : ILabHost
{
    public string Name => name;

    public IPAddress Address => IPAddress.Parse(address);

    public Uri DockerEndpoint => throw new NotSupportedException($"{name} has no lab docker engine");

    public SshEndpoint Ssh => throw new NotSupportedException($"{name} is not reached over SSH");

    public string Channel => channel;

    public abstract Task<ExecResult> ExecAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default);

    public Task<Stream> DialDockerAsync(CancellationToken ct = default) => throw new NotSupportedException($"{name} has no lab docker engine");
}

/// <summary>This machine itself (<c>sh -c</c>, a real shell; tests run read-only commands only).</summary>
internal sealed class ThisMachine(string name = "localhost") : TestHost(name, "127.0.0.1", Channels.Local)
{
    public override async Task<ExecResult> ExecAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default) =>
        (await LocalProcess.RunAsync("sh", ["-c", command], timeout ?? Timeouts.Default.Exec, ct: ct)) with { Command = command, Where = Name, Channel = Channel };
}

/// <summary>A host whose transport fails: exercises error paths.</summary>
internal sealed class UnreachableHost(string name) : TestHost(name, "192.0.2.1", Channels.Ssh)
{
    public override Task<ExecResult> ExecAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default) =>
        throw new LabSpecsException($"no route to {Name}");
}

/// <summary>A host that never answers and ignores its token: whoever waits for it must bound the wait itself.</summary>
internal sealed class HangingHost(string name) : TestHost(name, "192.0.2.2", Channels.Ssh)
{
    public override async Task<ExecResult> ExecAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
        return new ExecResult(command, Name, 0, "", "", TimeSpan.Zero);
    }
}
