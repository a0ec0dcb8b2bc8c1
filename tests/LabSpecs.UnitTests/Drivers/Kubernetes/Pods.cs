using k8s.Models;

namespace LabSpecs.UnitTests.Drivers.Kubernetes;

/// <summary>
/// Pods as the API server reports them in list and watch events (the fields the drivers read: name, deletionTimestamp,
/// phase, the Ready condition, container statuses), for sequences built from the controllers' and the kubelet's source.
/// </summary>
internal static class Pods
{
    public static V1Pod Pending(string name, string image = "xiaopeng163/docker-flask-demo:1.0") => Pod(name, image, "Pending", ready: false);

    public static V1Pod Running(string name, string image = "xiaopeng163/docker-flask-demo:1.0") => Pod(name, image, "Running", ready: false);

    public static V1Pod Ready(string name, string image = "xiaopeng163/docker-flask-demo:1.0") => Pod(name, image, "Running", ready: true);

    /// <summary>A graceful delete sets deletionTimestamp (a MODIFIED event); the pod stays, still Running, for its grace period.</summary>
    public static V1Pod Terminating(V1Pod pod)
    {
        pod = Pod(pod.Metadata.Name, pod.Spec.Containers[0].Image, "Running", ready: true);
        pod.Metadata.DeletionTimestamp = new DateTime(2026, 12, 8, 0, 0, 30, DateTimeKind.Utc);
        pod.Metadata.DeletionGracePeriodSeconds = 30;
        return pod;
    }

    public static V1Pod Waiting(string name, string image, string reason, string message, int restarts = 0)
    {
        var pod = Pod(name, image, "Pending", ready: false);
        pod.Status.ContainerStatuses =
        [
            new V1ContainerStatus
            {
                Name = "web", Image = image, Ready = false, RestartCount = restarts,
                State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } },
            },
        ];
        return pod;
    }

    private static V1Pod Pod(string name, string image, string phase, bool ready) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["name"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = image }], NodeName = "node-1" },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = "web", Image = image, Ready = ready, RestartCount = 0,
                    State = phase == "Running" ? new V1ContainerState { Running = new V1ContainerStateRunning() } : new V1ContainerState(),
                },
            ],
        },
    };
}
