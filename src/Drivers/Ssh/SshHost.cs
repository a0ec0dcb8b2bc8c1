using System.Diagnostics;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace LabSpecs.Drivers.Ssh;

/// <summary>
/// One lab host over SSH (SSH.NET): a single persistent session, opened on first use with the environment's private key,
/// the host key pinned to <see cref="SshEndpoint.HostKeySha256"/>. A dropped connection is re-opened once (and said so in the
/// evidence); every command has a timeout, is cancellable, and is recorded as evidence.
/// </summary>
public sealed class SshHost(string name, SshEndpoint endpoint, IEvidenceSink evidence, SshHostOptions? options = null)
    : ICommandRunner, IDisposable
{
    private readonly SshHostOptions _options = options ?? SshHostOptions.Default;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private SshClient? _client;
    private string? _presentedKey;

    public static SshHost For(ILabHost host, IEvidenceSink evidence, SshHostOptions? options = null) =>
        new(host.Name, host.Ssh, evidence, options);

    public string Where => name;

    public SshEndpoint Endpoint => endpoint;

    /// <summary>How many times the session was (re)opened; 1 after the first command on a healthy host.</summary>
    public int Connections { get; private set; }

    public async Task<ExecResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var limit = timeout ?? _options.Command;
        ExecResult result;
        try
        {
            result = await RunOnceAsync(command, limit, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDroppedConnection(e) && !ct.IsCancellationRequested)
        {
            evidence.Record(new EvidenceItem($"reconnect {name}",
                $"SSH session to {name} ({endpoint.Host}:{endpoint.Port}) dropped ({e.GetType().Name}: {e.Message}); reconnecting once"));
            await DropClientAsync().ConfigureAwait(false);
            result = await RunOnceAsync(command, limit, ct).ConfigureAwait(false);
        }

        evidence.Record(result);
        return result;
    }

    public void Dispose()
    {
        _client?.Dispose();
        _client = null;
        _connectLock.Dispose();
    }

    private async Task<ExecResult> RunOnceAsync(string command, TimeSpan timeout, CancellationToken ct)
    {
        var client = await ConnectedClientAsync(ct).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        using var cmd = client.CreateCommand(command);
        cmd.CommandTimeout = timeout;
        try
        {
            await cmd.ExecuteAsync(ct).ConfigureAwait(false);
        }
        catch (SshOperationTimeoutException)
        {
            throw new SshHostException(
                $"Timed out after {timeout.TotalSeconds:0.#} s on {name}: {command}\n  stdout so far:\n{Indent(cmd.Result)}");
        }

        var exit = cmd.ExitStatus ?? (cmd.ExitSignal is null ? -1 : 128);
        var stderr = cmd.Error + (cmd.ExitSignal is null ? "" : $"(killed by signal {cmd.ExitSignal})");
        return new ExecResult(command, name, exit, cmd.Result, stderr, clock.Elapsed, Channels.Ssh);
    }

    private async Task<SshClient> ConnectedClientAsync(CancellationToken ct)
    {
        if (_client is { IsConnected: true } ready) return ready;
        await _connectLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_client is { IsConnected: true } raced) return raced;
            _client?.Dispose();
            _client = await ConnectAsync(ct).ConfigureAwait(false);
            Connections++;
            return _client;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<SshClient> ConnectAsync(CancellationToken ct)
    {
        var where = $"{endpoint.User}@{endpoint.Host}:{endpoint.Port}";
        PrivateKeyFile key;
        try
        {
            key = new PrivateKeyFile(endpoint.PrivateKeyPath);
        }
        catch (Exception e) when (e is IOException or SshException or UnauthorizedAccessException)
        {
            throw new SshHostException($"Cannot read the private key for {name} at {endpoint.PrivateKeyPath}: {e.Message}", e);
        }

        var info = new ConnectionInfo(endpoint.Host, endpoint.Port, endpoint.User, new PrivateKeyAuthenticationMethod(endpoint.User, key))
        {
            Timeout = _options.Connect,
        };
        var client = new SshClient(info) { KeepAliveInterval = _options.KeepAlive };
        _presentedKey = null;
        client.HostKeyReceived += (_, e) =>
        {
            _presentedKey = e.FingerPrintSHA256;
            e.CanTrust = HostKeyPin.Matches(endpoint.HostKeySha256, e.FingerPrintSHA256);
        };

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_options.Connect);
        try
        {
            await client.ConnectAsync(cts.Token).ConfigureAwait(false);
            return client;
        }
        catch (SshConnectionException) when (_presentedKey is not null && !HostKeyPin.Matches(endpoint.HostKeySha256, _presentedKey))
        {
            client.Dispose();
            throw new HostKeyMismatchException(name, where, endpoint.HostKeySha256, _presentedKey);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            client.Dispose();
            var why = e is OperationCanceledException or SshOperationTimeoutException
                ? $"no answer within {_options.Connect.TotalSeconds:0.#} s"
                : $"{e.GetType().Name}: {e.Message}";
            throw new SshHostException($"Cannot open SSH to {name} ({where}, key {endpoint.PrivateKeyPath}): {why}", e);
        }
    }

    private async Task DropClientAsync()
    {
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _client?.Dispose();
            _client = null;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private static bool IsDroppedConnection(Exception e) =>
        e is SshConnectionException or ObjectDisposedException or System.Net.Sockets.SocketException ||
        (e is InvalidOperationException && e.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase));

    private static string Indent(string text) =>
        string.IsNullOrEmpty(text) ? "    (empty)" : string.Join('\n', text.TrimEnd('\n').Split('\n').Select(l => "    " + l));
}
