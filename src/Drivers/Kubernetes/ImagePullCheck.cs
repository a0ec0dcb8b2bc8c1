using k8s.Models;
using LabSpecs.Core;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>
/// Before a feature's scenarios: can the cluster's nodes pull every image the chapter uses? One pod per image (never restarted)
/// in the scenario's namespace, watched until each image is pulled or failed (<see cref="ImagePull"/>), then deleted. A skip
/// with the reason ("ImagePullBackOff … toomanyrequests") beats eight scenarios that each time out waiting for pods.
/// </summary>
public static class ImagePullCheck
{
    public const string ProbeLabel = "labspecs.pull-check";

    /// <summary>The images that cannot be pulled, each with why; empty when all can.</summary>
    public static async Task<IReadOnlyList<string>> FailuresAsync(ClusterApi api, string ns, IReadOnlyList<string> images,
        IReadOnlyDictionary<string, string> labels, TimeSpan timeout, CancellationToken ct = default)
    {
        var probes = images.Select((image, i) => new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = $"ls-pull-check-{i}", Labels = new Dictionary<string, string>(labels) { [ProbeLabel] = "1" } },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                TerminationGracePeriodSeconds = 0,
                Containers = [new V1Container { Name = "pull", Image = image, ImagePullPolicy = "IfNotPresent" }],
            },
        }).ToList();
        try
        {
            foreach (var pod in probes) await api.CreatePodAsync(ns, pod, ct).ConfigureAwait(false);
            IReadOnlyList<V1Pod> seen;
            try
            {
                seen = await api.WaitForPodsAsync(ns, $"{ProbeLabel}=1", $"the nodes pulled or failed to pull {string.Join(", ", images)}",
                    pods => pods.Count == probes.Count && pods.All(p => ImagePull.Of(p).Decided), timeout, ct).ConfigureAwait(false);
            }
            catch (WaitTimeoutException e)
            {
                return [$"the images were not pulled within {timeout.TotalSeconds:0} s: {e.Message.Split('\n')[0]}"];
            }

            return seen.Select(ImagePull.Of).Where(s => s.Failure is not null).Select(s => $"{s.Image}: {s.Failure}").ToList();
        }
        finally
        {
            foreach (var pod in probes) await api.DeletePodAsync(ns, pod.Metadata.Name, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
