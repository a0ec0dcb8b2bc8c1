using k8s.Models;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>How far a probe pod's image got on its node: pulled, failed (with the kubelet's reason and message), or not yet.</summary>
public sealed record ImagePullState(string Image, bool Pulled, string? Failure)
{
    public bool Decided => Pulled || Failure is not null;
}

/// <summary>
/// Reads whether the node could pull a pod's image, from the container status the kubelet reports: an imageID, or a
/// running/terminated container, means pulled; the waiting reasons of kubernetes/kubernetes pkg/kubelet/images/types.go
/// (ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull) mean it cannot.
/// </summary>
public static class ImagePull
{
    public static readonly string[] FailureReasons = ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable"];

    public static ImagePullState Of(V1Pod pod)
    {
        var image = pod.Spec?.Containers?.FirstOrDefault()?.Image ?? "";
        var status = pod.Status?.ContainerStatuses?.FirstOrDefault();
        if (status is null) return new ImagePullState(image, false, null);
        if (status.ImageID is { Length: > 0 } || status.State?.Running is not null || status.State?.Terminated is not null) return new ImagePullState(image, true, null);
        return status.State?.Waiting is { } w && FailureReasons.Contains(w.Reason)
            ? new ImagePullState(image, false, $"{w.Reason}" + (w.Message is { Length: > 0 } m ? $": {m}" : ""))
            : new ImagePullState(image, false, null);
    }
}
