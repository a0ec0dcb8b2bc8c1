using k8s;
using k8s.Models;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>
/// The pods of a selector as the API server's list and watch events report them, and the extremes seen since counting
/// started: the most pods a rolling update's limits count, and the fewest ready ones. A pure state machine over watch events
/// (<see cref="PodWatch"/> feeds it from a real watch; unit tests feed it sequences that follow the controllers' source).
/// </summary>
public sealed class PodCensus
{
    private readonly Dictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
    private bool _counting;

    /// <summary>
    /// Most pods counted toward a Deployment's replicas + maxSurge at once since the census started. Only pods without a
    /// deletionTimestamp count: the deployment controller counts replicas of its ReplicaSets (pkg/controller/deployment/rolling.go,
    /// util.GetReplicaCountForReplicaSets), and a terminating pod is no replica any more — it may linger for its grace period.
    /// </summary>
    public int MaxExisting { get; private set; }

    /// <summary>Most pods at once, terminating ones included (shown next to <see cref="MaxExisting"/> in failures).</summary>
    public int MaxIncludingTerminating { get; private set; }

    /// <summary>Fewest ready pods at once since <see cref="StartCounting"/> (int.MaxValue before).</summary>
    public int MinReady { get; private set; } = int.MaxValue;

    public IReadOnlyList<V1Pod> Pods => _pods.Values.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();

    /// <summary>From now on <see cref="MinReady"/> tracks the fewest ready pods.</summary>
    public void StartCounting()
    {
        _counting = true;
        MinReady = _pods.Values.Count(PodFacts.IsReady);
    }

    /// <summary>A fresh list (after the start, or when a watch had to be restarted).</summary>
    public void Listed(IEnumerable<V1Pod> pods)
    {
        _pods.Clear();
        foreach (var p in pods) _pods[p.Metadata.Name] = p;
        Count();
    }

    /// <summary>One watch event.</summary>
    public void Apply(WatchEventType type, V1Pod pod)
    {
        if (type == WatchEventType.Deleted) _pods.Remove(pod.Metadata.Name);
        else if (type is WatchEventType.Added or WatchEventType.Modified) _pods[pod.Metadata.Name] = pod;
        Count();
    }

    private void Count()
    {
        MaxExisting = Math.Max(MaxExisting, _pods.Values.Count(p => !PodFacts.IsTerminating(p)));
        MaxIncludingTerminating = Math.Max(MaxIncludingTerminating, _pods.Count);
        if (_counting) MinReady = Math.Min(MinReady, _pods.Values.Count(PodFacts.IsReady));
    }
}
