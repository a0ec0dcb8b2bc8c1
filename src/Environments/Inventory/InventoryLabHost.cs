using System.Net;
using LabSpecs.Core;
using LabSpecs.Environments.Ssh;

namespace LabSpecs.Environments.Inventory;

/// <summary>
/// A real machine of an inventory (a Vagrant box, a VM, a server), reached only over its one SSH session: commands as root
/// (through <c>sudo</c> when the SSH user is not root), the Docker API over <c>docker system dial-stdio</c> on the session (no
/// TCP port opened). Its <see cref="Address"/> is the lab address the labs see.
/// </summary>
public sealed class InventoryLabHost(InventoryHost entry, IPAddress labAddress, SshEndpoint endpoint, SshHostOptions options) : ILabHost, IDisposable
{
    private readonly SshSession _session = new(entry.Name, endpoint, options);

    public string Name => entry.Name;

    public IPAddress Address => labAddress;

    public InventoryHost Entry => entry;

    /// <summary>ssh://USER@HOST:PORT (the API over the SSH session), or the inventory's tcp:// engine (with TLS from <see cref="DockerCertPath"/>).</summary>
    public Uri DockerEndpoint => entry.DockerHost is { } tcp ? new Uri(tcp) : new Uri($"ssh://{endpoint.User}@{endpoint.Host}:{endpoint.Port}");

    public string? DockerCertPath => entry.DockerCertPath;

    public string? DockerContext => entry.DockerContext;

    public SshEndpoint Ssh => endpoint;

    public string Channel => Channels.Ssh;

    internal SshSession Session => _session;

    /// <summary>The key the host presented when the session was opened (type, base64 blob, SHA256 fingerprint), or null before.</summary>
    public (string Type, string Base64, string Sha256)? PresentedHostKey => _session.PresentedHostKey;

    public async Task<ExecResult> ExecAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var (wrapped, stdin) = AsRoot(command);
        var r = await _session.RunAsync(wrapped, timeout ?? Timeouts.Default.Exec, ct, stdin).ConfigureAwait(false);
        return r with { Command = command };
    }

    public Task<Stream> DialDockerAsync(CancellationToken ct = default) => OpenAsRootAsync("docker system dial-stdio", ct);

    /// <summary>A long-running command as root whose stdin/stdout are a stream (the per-host lock, dial-stdio).</summary>
    internal async Task<Stream> OpenAsRootAsync(string command, CancellationToken ct)
    {
        var (wrapped, stdin) = AsRoot(command);
        var stream = await _session.OpenStreamAsync(wrapped, ct).ConfigureAwait(false);
        if (stdin is not null)
        {
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(stdin), ct).ConfigureAwait(false);
        }

        return stream;
    }

    /// <summary>
    /// The command as the host runs it: unchanged for root; <c>sudo -n sh -c '…'</c> for another user (passwordless sudo, as on
    /// Vagrant boxes), or <c>sudo -S</c> with the password from the inventory's variable written to stdin (never on the command line).
    /// </summary>
    internal (string Command, string? Stdin) AsRoot(string command) => AsRoot(command, entry, Environment.GetEnvironmentVariable);

    public static (string Command, string? Stdin) AsRoot(string command, InventoryHost entry, Func<string, string?> variables)
    {
        if (entry.Become == Become.None || entry.User == "root") return (command, null);
        if (entry.BecomePasswordVariable is { } variable)
        {
            var password = variables(variable) ?? throw new LabSpecsException(
                $"{entry.Name}: the become password variable {variable} (from {entry.OriginOf("become password")}) is not set");
            return ($"sudo -S -p '' -- sh -c {LocalProcess.Quote(command)}", password + "\n");
        }

        return ($"sudo -n -- sh -c {LocalProcess.Quote(command)}", null);
    }

    public void Dispose() => _session.Dispose();
}
