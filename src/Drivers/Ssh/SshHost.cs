using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;
using LabSpecs.Environments.Ssh;

namespace LabSpecs.Drivers.Ssh;

/// <summary>
/// A lab host over SSH as a command runner: the host's one persistent <see cref="SshSession"/> (pinned host key, keep-alive,
/// re-opened only before a command was sent), every command recorded as evidence, a re-opened session said so too.
/// </summary>
public sealed class SshHost : ICommandRunner, IDisposable
{
    private readonly SshSession _session;
    private readonly IEvidenceSink _evidence;

    public SshHost(string name, SshEndpoint endpoint, IEvidenceSink evidence, SshHostOptions? options = null)
    {
        _session = new SshSession(name, endpoint, options);
        _evidence = evidence;
        _session.Reconnected += why => _evidence.Record(new EvidenceItem($"reconnect {name}", why));
    }

    public static SshHost For(ILabHost host, IEvidenceSink evidence, SshHostOptions? options = null) =>
        new(host.Name, host.Ssh, evidence, options);

    public string Where => _session.Name;

    public SshEndpoint Endpoint => _session.Endpoint;

    /// <summary>How many times the session was (re)opened; 1 after the first command on a healthy host.</summary>
    public int Connections => _session.Connections;

    public async Task<ExecResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var result = await _session.RunAsync(command, timeout, ct).ConfigureAwait(false);
        _evidence.Record(result);
        return result;
    }

    public void Dispose() => _session.Dispose();
}
