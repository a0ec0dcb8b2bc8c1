using System.Net;
using System.Net.Sockets;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// A loopback TCP port in this process that forwards each connection to a lab address (e.g. 192.168.205.11:22) through
/// a socket created in the lab's underlay namespace. It lives and dies with this process: nothing to reap.
/// </summary>
public sealed class SshForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _netnsPath;
    private readonly IPEndPoint _target;
    private readonly Task _acceptLoop;

    public SshForwarder(string netnsPath, IPEndPoint target)
    {
        _netnsPath = netnsPath;
        _target = target;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = PumpAsync(client);
        }
    }

    private async Task PumpAsync(Socket client)
    {
        client.NoDelay = true; // SSH is many small round trips: Nagle plus delayed ACKs would add ~40 ms to each
        using (client)
        {
            Socket upstream;
            try { upstream = await NetnsSocket.ConnectAsync(_netnsPath, _target, TimeSpan.FromSeconds(10), _stop.Token).ConfigureAwait(false); }
            catch (Exception) { return; } // the client sees the connection close, as with an unreachable sshd
            using (upstream)
            {
                await using var a = new NetworkStream(client, ownsSocket: false);
                await using var b = new NetworkStream(upstream, ownsSocket: false);
                var up = CopyAsync(a, b, upstream);
                var down = CopyAsync(b, a, client);
                await Task.WhenAny(Task.WhenAll(up, down), Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => { })).ConfigureAwait(false);
            }
        }
    }

    private async Task CopyAsync(Stream from, Stream to, Socket toSocket)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token).ConfigureAwait(false);
            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            try { toSocket.Shutdown(SocketShutdown.Both); } catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try { await _acceptLoop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
