using System.Diagnostics;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LabSpecs.Core;
using LabSpecs.Environments.Kubernetes;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>A Kubernetes API call failed: the kubectl equivalent, the cluster, the HTTP status and the API server's message.</summary>
public sealed class KubernetesApiException(string command, string where, int status, string message, Exception? inner = null)
    : LabSpecsException($"{command} failed on {where} with HTTP {status}: {message}", inner)
{
    public int Status { get; } = status;
}

/// <summary>
/// The cluster's API through KubernetesClient, for setting scenarios up and waiting (watch-based, through <see cref="Eventually"/>).
/// <see cref="CallAsync{T}"/> is the one door: every call has its timeout, is recorded as its kubectl equivalent with what it
/// returned, and fails as <see cref="KubernetesApiException"/>.
/// </summary>
public sealed partial class ClusterApi(ResolvedKubeconfig kubeconfig, IEvidenceSink evidence) : IDisposable
{
    private readonly k8s.Kubernetes _client = new(kubeconfig.Client);

    public string Where => $"cluster {kubeconfig.Context}";

    public async Task<T> CallAsync<T>(string kubectlEquivalent, Func<IKubernetes, CancellationToken, Task<T>> call, TimeSpan timeout,
        Func<T, string>? show = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            var value = await call(_client, cts.Token).ConfigureAwait(false);
            evidence.Record(new EvidenceItem(kubectlEquivalent,
                $"[{Where}]$ {kubectlEquivalent}\n{show?.Invoke(value) ?? ""}".TrimEnd() + $"\n(API call, {clock.Elapsed.TotalSeconds:0.00} s)"));
            return value;
        }
        catch (HttpOperationException e)
        {
            var message = e.Response?.Content is { Length: > 0 } body ? body : e.Message;
            evidence.Record(new EvidenceItem(kubectlEquivalent, $"[{Where}]$ {kubectlEquivalent}\nError: {message}"));
            throw new KubernetesApiException(kubectlEquivalent, Where, (int)(e.Response?.StatusCode ?? 0), message, e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new KubernetesApiException(kubectlEquivalent, Where, 0, $"no answer within {timeout.TotalSeconds:0} s", e);
        }
        catch (HttpRequestException e)
        {
            evidence.Record(new EvidenceItem(kubectlEquivalent, $"[{Where}]$ {kubectlEquivalent}\nError: {e.Message}"));
            throw new KubernetesApiException(kubectlEquivalent, Where, 0, $"{kubeconfig.Server} does not answer: {e.Message}", e);
        }
    }

    /// <summary>Creates the namespace with the run's labels (kubectl create namespace NAME + kubectl label).</summary>
    public Task<V1Namespace> CreateNamespaceAsync(string name, IDictionary<string, string> labels, CancellationToken ct = default) =>
        CallAsync($"kubectl create namespace {name}",
            (k, c) => k.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = labels } }, cancellationToken: c),
            Timeouts.Default.Exec, n => $"namespace/{n.Metadata.Name} created", ct);

    public Task<V1Pod> CreatePodAsync(string ns, V1Pod pod, CancellationToken ct = default) =>
        CallAsync($"kubectl run {pod.Metadata.Name} -n {ns} --image={pod.Spec.Containers[0].Image} --restart=Never",
            (k, c) => k.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: c), Timeouts.Default.Exec, p => $"pod/{p.Metadata.Name} created", ct);

    /// <summary>Deletes a pod at once (grace 0); one that is already gone is fine.</summary>
    public async Task DeletePodAsync(string ns, string name, CancellationToken ct = default)
    {
        try
        {
            await CallAsync($"kubectl delete pod {name} -n {ns} --grace-period=0", (k, c) => k.CoreV1.DeleteNamespacedPodAsync(name, ns, gracePeriodSeconds: 0, cancellationToken: c),
                Timeouts.Default.Cleanup, _ => $"pod \"{name}\" deleted", ct).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>
    /// In a namespace the run did not make: deletes what carries <paramref name="selector"/> (the run's label) — deployments and
    /// replication controllers first (their pods go with them), then services and pods — and waits until none is left.
    /// </summary>
    public async Task DeleteLabelledAsync(string ns, string selector, TimeSpan timeout, CancellationToken ct = default)
    {
        foreach (var d in (await _client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: selector, cancellationToken: ct).ConfigureAwait(false)).Items)
            await CallAsync($"kubectl delete deployment {d.Metadata.Name} -n {ns}", (k, c) => k.AppsV1.DeleteNamespacedDeploymentAsync(d.Metadata.Name, ns, propagationPolicy: "Foreground", cancellationToken: c), Timeouts.Default.Cleanup, _ => "deleted", ct).ConfigureAwait(false);
        foreach (var r in (await _client.CoreV1.ListNamespacedReplicationControllerAsync(ns, labelSelector: selector, cancellationToken: ct).ConfigureAwait(false)).Items)
            await CallAsync($"kubectl delete rc {r.Metadata.Name} -n {ns}", (k, c) => k.CoreV1.DeleteNamespacedReplicationControllerAsync(r.Metadata.Name, ns, propagationPolicy: "Foreground", cancellationToken: c), Timeouts.Default.Cleanup, _ => "deleted", ct).ConfigureAwait(false);
        foreach (var s in (await _client.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: selector, cancellationToken: ct).ConfigureAwait(false)).Items)
            await CallAsync($"kubectl delete service {s.Metadata.Name} -n {ns}", (k, c) => k.CoreV1.DeleteNamespacedServiceAsync(s.Metadata.Name, ns, cancellationToken: c), Timeouts.Default.Cleanup, _ => "deleted", ct).ConfigureAwait(false);
        foreach (var p in (await _client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: ct).ConfigureAwait(false)).Items)
            await DeletePodAsync(ns, p.Metadata.Name, ct).ConfigureAwait(false);
        var outcome = await Eventually.UntilAsync($"nothing labelled {selector} is left in namespace {ns}",
            async c => (await _client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: c).ConfigureAwait(false)).Items.Count
                + (await _client.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: selector, cancellationToken: c).ConfigureAwait(false)).Items.Count,
            left => left == 0, timeout, TimeSpan.FromSeconds(1), left => $"{left} object(s) left", ct).ConfigureAwait(false);
        evidence.Record(new EvidenceItem(outcome.ToString(), $"[{Where}]$ kubectl delete all -l {selector} -n {ns}\n({outcome})"));
    }

    public Task<V1PodList> PodsAsync(string ns, string? selector = null, CancellationToken ct = default) =>
        CallAsync($"kubectl get pods -n {ns}" + (selector is null ? "" : $" -l {selector}"),
            (k, c) => k.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: c),
            Timeouts.Default.Exec, l => PodTable(l.Items), ct);

    public Task<V1PodList> PodsQuietlyAsync(string ns, string? selector, CancellationToken ct) =>
        _client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: ct);

    /// <summary>The node port of a NodePort service (its first port that has one).</summary>
    public async Task<int> NodePortAsync(string ns, string service, CancellationToken ct = default)
    {
        var svc = await CallAsync($"kubectl get service {service} -n {ns}", (k, c) => k.CoreV1.ReadNamespacedServiceAsync(service, ns, cancellationToken: c),
            Timeouts.Default.Exec, s => string.Join(", ", s.Spec.Ports.Select(p => $"{p.Port}:{p.NodePort}/{p.Protocol}")), ct).ConfigureAwait(false);
        return svc.Spec.Ports.FirstOrDefault(p => p.NodePort is not null)?.NodePort
            ?? throw new LabSpecsException($"service {service} has no node port (type {svc.Spec.Type})");
    }

    /// <summary>What is left in a namespace of the kinds the labs make: pods, services, replication controllers, deployments.</summary>
    public async Task<IReadOnlyList<string>> ObjectsLeftAsync(string ns, string? selector = null, CancellationToken ct = default)
    {
        var pods = await _client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: ct).ConfigureAwait(false);
        var services = await _client.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: selector, cancellationToken: ct).ConfigureAwait(false);
        var rcs = await _client.CoreV1.ListNamespacedReplicationControllerAsync(ns, labelSelector: selector, cancellationToken: ct).ConfigureAwait(false);
        var deployments = await _client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: selector, cancellationToken: ct).ConfigureAwait(false);
        return pods.Items.Select(p => $"pod/{p.Metadata.Name}")
            .Concat(services.Items.Select(s => $"service/{s.Metadata.Name}"))
            .Concat(rcs.Items.Select(r => $"replicationcontroller/{r.Metadata.Name}"))
            .Concat(deployments.Items.Select(d => $"deployment/{d.Metadata.Name}"))
            .ToList();
    }

    /// <summary>Waits until the namespace holds none of the objects <see cref="ObjectsLeftAsync"/> lists.</summary>
    public async Task WaitUntilEmptyAsync(string ns, TimeSpan timeout, string? selector = null, CancellationToken ct = default)
    {
        var of = selector is null ? "" : $" labelled {selector}";
        var outcome = await Eventually.UntilAsync($"namespace {ns} has no pods, services, replication controllers or deployments{of}",
            c => ObjectsLeftAsync(ns, selector, c), left => left.Count == 0, timeout, TimeSpan.FromSeconds(1), left => string.Join('\n', left), ct).ConfigureAwait(false);
        evidence.Record(new EvidenceItem(outcome.ToString(), $"[{Where}]$ kubectl get pods,services,replicationcontrollers,deployments -n {ns}{(selector is null ? "" : " -l " + selector)}\nNo resources found in {ns} namespace.\n({outcome})"));
    }

    /// <summary>Starts watching the pods of a selector (for waits and for what happens while a command runs).</summary>
    public Task<PodWatch> WatchPodsAsync(string ns, string? selector, CancellationToken ct = default) => PodWatch.StartAsync(_client, ns, selector, ct);

    /// <summary>
    /// Waits, watching the pods of <paramref name="selector"/>, until <paramref name="condition"/> holds; the outcome (attempts =
    /// changes seen, elapsed) and the pods are recorded as evidence. On timeout the error shows the pods last seen.
    /// </summary>
    public async Task<IReadOnlyList<V1Pod>> WaitForPodsAsync(string ns, string? selector, string description,
        Func<IReadOnlyList<V1Pod>, bool> condition, TimeSpan timeout, CancellationToken ct = default)
    {
        await using var watch = await WatchPodsAsync(ns, selector, ct).ConfigureAwait(false);
        return await WaitAsync(watch, description, condition, timeout, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<V1Pod>> WaitAsync(PodWatch watch, string description, Func<IReadOnlyList<V1Pod>, bool> condition,
        TimeSpan timeout, CancellationToken ct = default)
    {
        var outcome = await Eventually.UntilAsync(description, c => watch.NextAsync(TimeSpan.FromSeconds(2), c), condition, timeout,
            TimeSpan.Zero, pods => PodTable(pods), ct).ConfigureAwait(false);
        evidence.Record(new EvidenceItem(outcome.ToString(), $"[{Where}] watched: {outcome}\n{PodTable(outcome.Value)}"));
        return outcome.Value;
    }

    public async Task<IReadOnlyList<ClusterNode>> NodesAsync(CancellationToken ct = default) =>
        (await CallAsync("kubectl get nodes -o wide", (k, c) => k.CoreV1.ListNodeAsync(cancellationToken: c), Timeouts.Default.Exec,
            l => string.Join('\n', l.Items.Select(n => $"{n.Metadata.Name}  {ClusterProbe.ToNode(n).Address}")), ct).ConfigureAwait(false))
        .Items.Select(ClusterProbe.ToNode).ToList();

    /// <summary>
    /// Deletes the namespace and waits, watching it, until the API server no longer has it. On timeout the error lists what is
    /// stuck: the namespace's phase and conditions, and the objects still in it.
    /// </summary>
    public async Task DeleteNamespaceAsync(string name, TimeSpan timeout, CancellationToken ct = default)
    {
        try
        {
            await CallAsync($"kubectl delete namespace {name} --wait=false", (k, c) => k.CoreV1.DeleteNamespaceAsync(name, cancellationToken: c),
                Timeouts.Default.Cleanup, _ => $"namespace \"{name}\" deleted", ct).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return;
        }

        try
        {
            var outcome = await Eventually.UntilAsync($"namespace {name} is gone",
                c => NamespaceGoneAsync(name, c), gone => gone, timeout, TimeSpan.Zero, ct: ct).ConfigureAwait(false);
            evidence.Record(new EvidenceItem(outcome.ToString(), $"[{Where}]$ kubectl wait --for=delete namespace/{name}\n{outcome}"));
        }
        catch (WaitTimeoutException e)
        {
            throw new LabSpecsException($"{e.Message}\n  still there:\n{Indent(await StuckAsync(name, ct).ConfigureAwait(false))}", e);
        }
    }

    /// <summary>One attempt = one watch event on the namespace (or 2 s without any): true once it is deleted.</summary>
    private async Task<bool> NamespaceGoneAsync(string name, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await foreach (var (type, _) in _client.CoreV1.WatchListNamespaceAsync(fieldSelector: $"metadata.name={name}", cancellationToken: cts.Token).ConfigureAwait(false))
            {
                if (type == WatchEventType.Deleted) return true;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        var left = await _client.CoreV1.ListNamespaceAsync(fieldSelector: $"metadata.name={name}", cancellationToken: ct).ConfigureAwait(false);
        return left.Items.Count == 0;
    }

    private async Task<string> StuckAsync(string name, CancellationToken ct)
    {
        try
        {
            var ns = await _client.CoreV1.ReadNamespaceAsync(name, cancellationToken: ct).ConfigureAwait(false);
            var pods = await _client.CoreV1.ListNamespacedPodAsync(name, cancellationToken: ct).ConfigureAwait(false);
            var services = await _client.CoreV1.ListNamespacedServiceAsync(name, cancellationToken: ct).ConfigureAwait(false);
            return NamespaceFacts.Stuck(ns, pods.Items, services.Items);
        }
        catch (Exception e) when (e is HttpOperationException or OperationCanceledException)
        {
            return $"(could not list: {e.Message})";
        }
    }

    /// <summary>The pods as a wait shows them: a container that waits says why (ImagePullBackOff, CrashLoopBackOff) and the kubelet's message.</summary>
    public static string PodTable(IEnumerable<V1Pod> pods) =>
        string.Join('\n', new[] { "NAME  PHASE  READY  NODE  IMAGE" }.Concat(pods.Select(p =>
            $"{p.Metadata.Name}  {(PodFacts.IsTerminating(p) ? "Terminating" : p.Status?.Phase)}  {(PodFacts.IsReady(p) ? "ready" : "not ready")}  {p.Spec?.NodeName}  {string.Join(",", p.Spec?.Containers?.Select(c => c.Image) ?? [])}"
            + string.Concat(PodFacts.Waiting(p).Select(w => $"\n    {w}")))));

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "    " + l));

    public void Dispose() => _client.Dispose();
}

/// <summary>What the labs read off a pod.</summary>
public static class PodFacts
{
    public static bool IsReady(V1Pod p) =>
        p.Metadata.DeletionTimestamp is null && p.Status?.Phase == "Running" && (p.Status.Conditions ?? []).Any(c => c.Type == "Ready" && c.Status == "True");

    public static bool IsTerminating(V1Pod p) => p.Metadata.DeletionTimestamp is not null;

    public static IEnumerable<string> Images(V1Pod p) => p.Spec?.Containers?.Select(c => c.Image) ?? [];

    /// <summary>Each container that waits, with the kubelet's reason and message: "web waiting: ImagePullBackOff (Back-off pulling image …)".</summary>
    public static IEnumerable<string> Waiting(V1Pod p) =>
        (p.Status?.InitContainerStatuses ?? []).Concat(p.Status?.ContainerStatuses ?? [])
        .Where(c => c.State?.Waiting?.Reason is { Length: > 0 })
        .Select(c => $"{c.Name} waiting: {c.State.Waiting.Reason}" + (c.State.Waiting.Message is { Length: > 0 } m ? $" ({m})" : "")
            + (c.RestartCount > 0 ? $", restarted {c.RestartCount} time(s)" : ""));

    /// <summary>Whether a container of the pod has restarted (its previous logs say why it stopped).</summary>
    public static bool Restarted(V1Pod p) => (p.Status?.ContainerStatuses ?? []).Any(c => c.RestartCount > 0);

    public static string? OwnerKind(V1Pod p) => p.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Kind;

    public static string? OwnerName(V1Pod p) => p.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Name;
}
