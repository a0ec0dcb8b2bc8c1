using System.Text.RegularExpressions;
using k8s.Models;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>What a namespace that will not go away says about why (its phase, finalizers, conditions and what is left in it).</summary>
public static partial class NamespaceFacts
{
    public static string Stuck(V1Namespace ns, IEnumerable<V1Pod> pods, IEnumerable<V1Service> services)
    {
        var conditions = (ns.Status?.Conditions ?? []).Where(c => c.Status == "True").Select(c => $"{c.Type}={c.Status}: {c.Message}");
        var apiServices = BrokenApiServices(ns).Select(a =>
            $"the aggregated API APIService {a} does not answer, so the namespace controller cannot finish; see: kubectl get apiservice {a}");
        return string.Join('\n', new[] { $"namespace/{ns.Metadata.Name} phase {ns.Status?.Phase}, finalizers [{string.Join(", ", ns.Spec?.Finalizers ?? [])}]" }
            .Concat(apiServices)
            .Concat(conditions)
            .Concat(pods.Select(p => $"pod/{p.Metadata.Name} {p.Status?.Phase} finalizers [{string.Join(", ", p.Metadata.Finalizers ?? [])}]"))
            .Concat(services.Select(s => $"service/{s.Metadata.Name}")));
    }

    /// <summary>
    /// The APIServices (VERSION.GROUP) whose discovery failed, from the namespace controller's NamespaceDeletionDiscoveryFailure
    /// condition ("… server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request").
    /// </summary>
    public static IReadOnlyList<string> BrokenApiServices(V1Namespace ns) =>
        (ns.Status?.Conditions ?? [])
        .Where(c => c.Type == "NamespaceDeletionDiscoveryFailure" && c.Status == "True" && c.Message is not null)
        .SelectMany(c => GroupVersion().Matches(c.Message))
        .Select(m => $"{m.Groups["version"].Value}.{m.Groups["group"].Value}")
        .Distinct()
        .ToList();

    [GeneratedRegex(@"(?<group>[a-z0-9-]+(?:\.[a-z0-9-]+)+)/(?<version>v[0-9]+(?:(?:alpha|beta)[0-9]+)?)")]
    private static partial Regex GroupVersion();
}
