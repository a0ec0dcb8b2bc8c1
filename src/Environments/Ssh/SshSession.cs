using System.Diagnostics;
using LabSpecs.Core;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace LabSpecs.Environments.Ssh;

/// <summary>
/// One persistent SSH session to a host (SSH.NET): opened on first use with the endpoint's private key, the host key pinned to
/// <see cref="SshEndpoint.HostKeySha256"/> (a mismatch is refused, never accepted), kept alive, and re-opened only on a
/// transport error met before a command was sent — a command that may have started is never run a second time.
/// Commands return <see cref="ExecResult"/> with channel "ssh"; recording them as evidence is the caller's business.
/// </summary>
public sealed class SshSession(string name, SshEndpoint endpoint, SshHostOptions? options = null) : IDisposable
{
    private readonly SshHostOptions _options = options ?? SshHostOptions.Default;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private SshClient? _client;
    private SshSession? _jump;
    private ForwardedPortLocal? _jumpPort;
    private string? _presentedKey;

    /// <summary>The key the host presented at the last connect: its type, base64 blob (as known_hosts stores it) and SHA256 fingerprint.</summary>
    public (string Type, string Base64, string Sha256)? PresentedHostKey { get; private set; }

    public string Name => name;

    public SshEndpoint Endpoint => endpoint;

    /// <summary>How many times the session was (re)opened; 1 after the first command on a healthy host.</summary>
    public int Connections { get; private set; }

    /// <summary>Said when a dropped session was re-opened before a command (for the evidence of the caller).</summary>
    public event Action<string>? Reconnected;

    /// <summary>Runs <paramref name="command"/> in the user's shell on the host; exit code, stdout, stderr, duration.</summary>
    public async Task<ExecResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default, string? stdin = null)
    {
        var limit = timeout ?? _options.Command;
        var clock = Stopwatch.StartNew();
        var (cmd, started) = await StartAsync(command, ct).ConfigureAwait(false);
        using (cmd)
        {
            try
            {
                if (stdin is not null)
                {
                    // e.g. a sudo password: written to the command's stdin, never onto its command line
                    await using var input = cmd.CreateInputStream();
                    await input.WriteAsync(System.Text.Encoding.UTF8.GetBytes(stdin), ct).ConfigureAwait(false);
                }

                await Task.Factory.FromAsync(started, cmd.EndExecute).WaitAsync(limit, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Cancel(cmd);
                throw new SshHostException(
                    $"Timed out after {limit.TotalSeconds:0.#} s on {name}: {command}\n  stdout so far:\n{Indent(cmd.Result)}");
            }
            catch (OperationCanceledException)
            {
                Cancel(cmd);
                throw;
            }
            catch (Exception e) when (IsTransportError(e))
            {
                throw new SshHostException(
                    $"The SSH session to {name} was lost while running (not run again: it may have started): {command}\n  {e.GetType().Name}: {e.Message}", e);
            }

            if (cmd.ExitStatus is null && cmd.ExitSignal is null)
            {
                // the channel closed without an exit status: the session went away under the command
                throw new SshHostException(
                    $"The SSH session to {name} was lost while running (not run again: it may have started): {command}\n  stdout so far:\n{Indent(cmd.Result)}");
            }

            var exit = cmd.ExitStatus ?? 128;
            var stderr = cmd.Error + (cmd.ExitSignal is null ? "" : $"(killed by signal {cmd.ExitSignal})");
            return new ExecResult(command, name, exit, cmd.Result, stderr, clock.Elapsed, Channels.Ssh);
        }
    }

    /// <summary>
    /// Starts <paramref name="command"/> and returns its stdin/stdout as one duplex stream (stderr is dropped), as
    /// <c>docker system dial-stdio</c> needs for the Docker API over SSH. Disposing the stream ends the command.
    /// </summary>
    public async Task<Stream> OpenStreamAsync(string command, CancellationToken ct = default)
    {
        var (cmd, started) = await StartAsync(command, ct).ConfigureAwait(false);
        return new ExecChannelStream(cmd, started);
    }

    public void Dispose()
    {
        _client?.Dispose();
        _client = null;
        DropJump();
        _connectLock.Dispose();
    }

    private void DropJump()
    {
        try { _jumpPort?.Stop(); }
        catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException) { }
        _jumpPort?.Dispose();
        _jumpPort = null;
        _jump?.Dispose();
        _jump = null;
    }

    /// <summary>Opens the channel and sends the exec request; a transport error here (nothing sent yet) re-opens the session once.</summary>
    private async Task<(SshCommand Command, IAsyncResult Started)> StartAsync(string command, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var client = await ConnectedClientAsync(ct).ConfigureAwait(false);
            var cmd = client.CreateCommand(command);
            try
            {
                var started = await Task.Run(cmd.BeginExecute, ct).ConfigureAwait(false);
                return (cmd, started);
            }
            catch (Exception e) when (attempt == 1 && IsTransportError(e) && !ct.IsCancellationRequested)
            {
                cmd.Dispose();
                Reconnected?.Invoke($"SSH session to {name} ({endpoint.Host}:{endpoint.Port}) dropped ({e.GetType().Name}: {e.Message}); " +
                                    "re-opened before sending the command");
                await DropClientAsync().ConfigureAwait(false);
            }
            catch
            {
                cmd.Dispose();
                throw;
            }
        }
    }

    private static void Cancel(SshCommand cmd)
    {
        try { cmd.CancelAsync(); }
        catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException) { }
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
        var where = endpoint.Jump is null ? endpoint.Where : $"{endpoint.Where} via {endpoint.Jump.Where}";
        AuthenticationMethod auth;
        if (endpoint.PrivateKeyPath.Length == 0)
        {
            auth = new PasswordAuthenticationMethod(endpoint.User, endpoint.Password ?? "");
        }
        else
        {
            try
            {
                auth = new PrivateKeyAuthenticationMethod(endpoint.User, new PrivateKeyFile(endpoint.PrivateKeyPath));
            }
            catch (Exception e) when (e is IOException or SshException or UnauthorizedAccessException)
            {
                throw new SshHostException($"Cannot read the private key for {name} at {endpoint.PrivateKeyPath}: {e.Message}", e);
            }
        }

        var (host, port) = (endpoint.Host, endpoint.Port);
        if (endpoint.Jump is { } jump)
        {
            // No ProxyJump in SSH.NET: a loopback port forwarded through the jump host's session to the target's sshd.
            DropJump();
            _jump = new SshSession($"{name}'s jump host {jump.Host}", jump, _options);
            var jumpClient = await _jump.ConnectedClientAsync(ct).ConfigureAwait(false);
            _jumpPort = new ForwardedPortLocal("127.0.0.1", 0, endpoint.Host, (uint)endpoint.Port);
            jumpClient.AddForwardedPort(_jumpPort);
            _jumpPort.Start();
            (host, port) = ("127.0.0.1", (int)_jumpPort.BoundPort);
        }

        var info = new ConnectionInfo(host, port, endpoint.User, auth) { Timeout = _options.Connect };
        var client = new SshClient(info) { KeepAliveInterval = _options.KeepAlive };
        _presentedKey = null;
        client.HostKeyReceived += (_, e) =>
        {
            _presentedKey = e.FingerPrintSHA256;
            PresentedHostKey = (e.HostKeyName, Convert.ToBase64String(e.HostKey), e.FingerPrintSHA256);
            e.CanTrust = HostKeyPin.Matches(endpoint.HostKeySha256, e.FingerPrintSHA256) ||
                         (endpoint.AcceptNewHostKey && string.IsNullOrWhiteSpace(endpoint.HostKeySha256));
        };

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_options.Connect);
        try
        {
            await client.ConnectAsync(cts.Token).ConfigureAwait(false);
            return client;
        }
        catch (SshConnectionException) when (_presentedKey is not null && !HostKeyPin.Matches(endpoint.HostKeySha256, _presentedKey) &&
                                             !(endpoint.AcceptNewHostKey && string.IsNullOrWhiteSpace(endpoint.HostKeySha256)))
        {
            client.Dispose();
            if (string.IsNullOrWhiteSpace(endpoint.HostKeySha256)) throw new UnknownHostKeyException(name, where, _presentedKey);
            throw new HostKeyMismatchException(name, where, endpoint.HostKeySha256, _presentedKey);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            client.Dispose();
            var why = e is OperationCanceledException or SshOperationTimeoutException
                ? $"no answer within {_options.Connect.TotalSeconds:0.#} s"
                : $"{e.GetType().Name}: {e.Message}";
            var how = endpoint.PrivateKeyPath.Length == 0 ? "password" : $"key {endpoint.PrivateKeyPath}";
            throw new SshHostException($"Cannot open SSH to {name} ({where}, {how}): {why}", e);
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

    private static bool IsTransportError(Exception e) =>
        e is SshConnectionException or ObjectDisposedException or System.Net.Sockets.SocketException ||
        (e is SshException && e.Message.Contains("channel", StringComparison.OrdinalIgnoreCase)) ||
        (e is InvalidOperationException && e.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase));

    private static string Indent(string text) =>
        string.IsNullOrEmpty(text) ? "    (empty)" : string.Join('\n', text.TrimEnd('\n').Split('\n').Select(l => "    " + l));
}

/// <summary>A running command's stdout (read) and stdin (write) as one stream; disposing it closes stdin and ends the command.</summary>
internal sealed class ExecChannelStream(SshCommand command, IAsyncResult started) : Stream
{
    private readonly Stream _input = command.CreateInputStream();
    private readonly Stream _output = command.OutputStream;
    private bool _disposed;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _output.Read(buffer, offset, count);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _output.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _output.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count)
    {
        _input.Write(buffer, offset, count);
        _input.Flush();
    }

    public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        await _input.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
        await _input.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _input.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await _input.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Flush() => _input.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            try
            {
                _input.Dispose();
                if (!started.IsCompleted) command.CancelAsync();
            }
            catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException) { }
            finally
            {
                command.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
