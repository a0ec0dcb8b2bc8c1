using System.Net;
using System.Net.Sockets;
using LabSpecs.Core;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>
/// A node port fetched from the machine running the tests, as the handbook's reader fetches it from outside the cluster — only
/// when this machine can connect to the node (else the evidence says so and the pods' answers stand alone). Only the cluster's
/// own node addresses are ever asked.
/// </summary>
public static class OutsideFetch
{
    public static async Task<string?> FromThisMachineAsync(string url, IPAddress node, int port, IEvidenceSink evidence, CancellationToken ct = default)
    {
        using (var tcp = new TcpClient())
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            cts.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await tcp.ConnectAsync(node, port, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                var why = $"{url} is not reachable from this machine ({(e is SocketException s ? s.SocketErrorCode.ToString() : "no answer in 2 s")}): fetched from inside the cluster only";
                evidence.Record(new EvidenceItem(why, why));
                return null;
            }
        }

        var r = await LocalProcess.RunAsync("curl", ["-s", "-S", "-m", "5", url], Timeouts.Default.Exec, ct: ct).ConfigureAwait(false);
        evidence.Record(r with { Command = $"curl -s -S -m 5 {url}", Where = "this machine" });
        return (r.Stdout + r.Stderr).Trim();
    }
}
