using k8s.Models;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>
/// The kubectl commands whose output is attached to a failed Kubernetes scenario, chosen from the pods it left: everything
/// with its events, the endpoints (a service without them selects no ready pod), and each pod's logs — the previous
/// container's too when one restarted (why it crashed).
/// </summary>
public static class ScenarioDiagnostics
{
    public static IReadOnlyList<string> Commands(IReadOnlyList<V1Pod> pods) =>
    [
        "kubectl get all -o wide",
        "kubectl get endpoints",
        "kubectl get events --sort-by=.lastTimestamp",
        "kubectl describe pods",
        .. pods.SelectMany(p => PodFacts.Restarted(p)
            ? new[] { $"kubectl logs {p.Metadata.Name} --all-containers", $"kubectl logs {p.Metadata.Name} --all-containers --previous" }
            : [$"kubectl logs {p.Metadata.Name} --all-containers"]),
    ];
}
