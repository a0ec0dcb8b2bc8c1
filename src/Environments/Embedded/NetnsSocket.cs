using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using LabSpecs.Core;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// Creates sockets that belong to a lab network namespace while this process stays in the root namespace: a dedicated
/// thread enters the namespace (setns), creates the socket and returns. The socket keeps its namespace for its whole
/// life, so this process reaches lab addresses without any lab route existing in the root namespace.
/// </summary>
public static partial class NetnsSocket
{
    private const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    public static Socket CreateTcp(string netnsPath)
    {
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var original = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle(netnsPath);
                if (setns((int)target.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new LabSpecsException($"setns({netnsPath}) failed: errno {Marshal.GetLastPInvokeError()}");
                }

                try
                {
                    socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                }
                finally
                {
                    // Never let this thread keep the lab namespace: if going back fails, the process must not continue on it.
                    if (setns((int)original.DangerousGetHandle(), CloneNewNet) != 0)
                    {
                        Environment.FailFast("LabSpecs: could not return a thread to the root network namespace");
                    }
                }
            }
            catch (Exception e)
            {
                error = e;
            }
        }) { IsBackground = true, Name = "labspecs-netns-socket" };
        thread.Start();
        thread.Join();
        return socket ?? throw new LabSpecsException($"Could not create a socket in {netnsPath}", error);
    }

    /// <summary>Connects to a lab address from inside the namespace; fails within <paramref name="timeout"/>.</summary>
    public static async Task<Socket> ConnectAsync(string netnsPath, IPEndPoint endpoint, TimeSpan timeout, CancellationToken ct = default)
    {
        var socket = CreateTcp(netnsPath);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endpoint, cts.Token).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
