using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LabSpecs.Core;
using LabSpecs.Environments.Embedded;

namespace LabSpecs.Environments.Kubernetes;

/// <summary>A cluster node as the NodePort checks need it: its name and the address other nodes and pods reach it at.</summary>
public sealed record ClusterNode(string Name, IPAddress Address);

/// <summary>
/// The labels every namespace a run makes carries, so a sweep finds exactly this machine's leftovers of dead runs
/// (never another machine's, never a live run's).
/// </summary>
public static class RunLabels
{
    public const string Run = LabLabels.Run;
    public const string Machine = "labspecs.machine";
    public const string OwnerPid = "labspecs.owner-pid";
    public const string OwnerStart = "labspecs.owner-start";

    public static Dictionary<string, string> For(string runId) => new()
    {
        [Run] = runId,
        [Machine] = MachineName,
        [OwnerPid] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [OwnerStart] = ProcessInfo.StartTime(Environment.ProcessId).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The machine name as a label value (lower case, at most 63 characters of [a-z0-9.-]).</summary>
    public static string MachineName { get; } = new string(Environment.MachineName.ToLowerInvariant()
        .Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-').Take(63).ToArray()).Trim('-', '.');
}

/// <summary>The provider's calls to the cluster (through KubernetesClient, each bounded by a timeout).</summary>
public static class ClusterProbe
{
    /// <summary>The cluster's nodes with their InternalIP (else the first address); the error text instead when it does not answer.</summary>
    public static async Task<(IReadOnlyList<ClusterNode> Nodes, string? Unreachable)> NodesAsync(ResolvedKubeconfig kubeconfig, TimeSpan timeout, CancellationToken ct)
    {
        using var client = new k8s.Kubernetes(kubeconfig.Client);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            var nodes = await client.CoreV1.ListNodeAsync(cancellationToken: cts.Token).ConfigureAwait(false);
            return (nodes.Items.Select(ToNode).ToList(), null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return ([], WhyUnusable(e, kubeconfig, timedOut: cts.IsCancellationRequested, timeout));
        }
    }

    /// <summary>
    /// Why the cluster cannot be used, from what listing its nodes failed with: the API server refused the credentials (401),
    /// refused the user the nodes (403, with the server's message), did not answer in time, or could not be reached at all.
    /// </summary>
    public static string WhyUnusable(Exception e, ResolvedKubeconfig kubeconfig, bool timedOut, TimeSpan timeout)
    {
        var user = string.IsNullOrEmpty(kubeconfig.User) ? "" : $" (user {kubeconfig.User})";
        var cluster = $"the cluster of context '{kubeconfig.Context}' at {kubeconfig.Server}";
        return e switch
        {
            _ when timedOut => $"the API server {kubeconfig.Server} did not answer within {timeout.TotalSeconds:0} s (context '{kubeconfig.Context}')",
            HttpOperationException { Response.StatusCode: HttpStatusCode.Unauthorized } =>
                $"the cluster refused the credentials: 401 Unauthorized{user}; {cluster} does not accept the kubeconfig's token or certificate",
            HttpOperationException { Response.StatusCode: HttpStatusCode.Forbidden } h =>
                $"the cluster refused us: 403 Forbidden listing nodes{user}: {StatusMessage(h)} ({cluster}; the account needs to list nodes)",
            HttpOperationException h => $"{cluster} answered {(int)h.Response.StatusCode} {h.Response.StatusCode}: {StatusMessage(h)}",
            _ => $"could not reach the API server {kubeconfig.Server} (context '{kubeconfig.Context}'): {FirstLine(e.InnerException?.Message is { Length: > 0 } inner && !e.Message.Contains(inner, StringComparison.Ordinal) ? $"{e.Message} ({inner})" : e.Message)}",
        };
    }

    /// <summary>The message of the metav1.Status the API server answered with (its body as is when it is not one).</summary>
    public static string StatusMessage(HttpOperationException e)
    {
        var body = e.Response?.Content ?? "";
        try
        {
            if (KubernetesJson.Deserialize<V1Status>(body) is { Message.Length: > 0 } status) return status.Message;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return body.Length > 0 ? FirstLine(body) : e.Message;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    public static ClusterNode ToNode(V1Node node)
    {
        var addresses = node.Status?.Addresses ?? [];
        var text = addresses.FirstOrDefault(a => a.Type == "InternalIP")?.Address ?? addresses.FirstOrDefault()?.Address ?? "0.0.0.0";
        return new ClusterNode(node.Metadata.Name, IPAddress.TryParse(text, out var ip) ? ip : IPAddress.Any);
    }

    /// <summary>
    /// Deletes namespaces labelled with this machine whose owning process is gone; in a shared namespace (the topology's
    /// <c>namespace:</c>), only the objects such runs labelled. Returns how many namespaces or objects were removed.
    /// </summary>
    public static async Task<int> SweepAsync(ResolvedKubeconfig kubeconfig, string? sharedNamespace, TimeSpan timeout, CancellationToken ct)
    {
        using var client = new k8s.Kubernetes(kubeconfig.Client);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var mineSelector = $"{RunLabels.Machine}={RunLabels.MachineName}";
        try
        {
            var removed = 0;
            if (sharedNamespace is not null)
            {
                var c = cts.Token;
                var ns = sharedNamespace;
                foreach (var d in (await client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: mineSelector, cancellationToken: c).ConfigureAwait(false)).Items.Where(o => IsLeftover(o.Metadata)))
                { await client.AppsV1.DeleteNamespacedDeploymentAsync(d.Metadata.Name, ns, cancellationToken: c).ConfigureAwait(false); removed++; }
                foreach (var r in (await client.CoreV1.ListNamespacedReplicationControllerAsync(ns, labelSelector: mineSelector, cancellationToken: c).ConfigureAwait(false)).Items.Where(o => IsLeftover(o.Metadata)))
                { await client.CoreV1.DeleteNamespacedReplicationControllerAsync(r.Metadata.Name, ns, cancellationToken: c).ConfigureAwait(false); removed++; }
                foreach (var s in (await client.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: mineSelector, cancellationToken: c).ConfigureAwait(false)).Items.Where(o => IsLeftover(o.Metadata)))
                { await client.CoreV1.DeleteNamespacedServiceAsync(s.Metadata.Name, ns, cancellationToken: c).ConfigureAwait(false); removed++; }
                foreach (var p in (await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: mineSelector, cancellationToken: c).ConfigureAwait(false)).Items.Where(o => IsLeftover(o.Metadata)))
                { await client.CoreV1.DeleteNamespacedPodAsync(p.Metadata.Name, ns, cancellationToken: c).ConfigureAwait(false); removed++; }
                return removed;
            }

            var mine = await client.CoreV1.ListNamespaceAsync(labelSelector: mineSelector, cancellationToken: cts.Token).ConfigureAwait(false);
            foreach (var ns in mine.Items.Where(n => n.Status?.Phase != "Terminating" && IsLeftover(n.Metadata)))
            {
                await client.CoreV1.DeleteNamespaceAsync(ns.Metadata.Name, cancellationToken: cts.Token).ConfigureAwait(false);
                removed++;
            }

            return removed;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not LabSpecsException)
        {
            return 0; // the cluster does not answer: nothing to sweep now, the scenarios say why they skip
        }
    }

    /// <summary>Labelled by a run of this machine whose owning process is gone (never a live run's, never another machine's).</summary>
    public static bool IsLeftover(V1ObjectMeta meta)
    {
        var labels = meta.Labels ?? new Dictionary<string, string>();
        return labels.TryGetValue(RunLabels.Machine, out var machine) && machine == RunLabels.MachineName
            && labels.TryGetValue(RunLabels.OwnerPid, out var pid) && int.TryParse(pid, out var p)
            && labels.TryGetValue(RunLabels.OwnerStart, out var start) && long.TryParse(start, out var s)
            && !ProcessInfo.IsAlive(p, s);
    }
}
