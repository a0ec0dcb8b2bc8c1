using k8s;
using k8s.Models;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>
/// The lab's manifests as a scenario creates them: a copy per scenario with the user's image overrides applied and the run's
/// labels on every object and pod template, so the run finds — and, in a namespace it did not make, deletes — exactly what it
/// created. The copies keep the file names the handbook types (<c>kubectl create -f db-pod.yml</c>).
/// </summary>
public static class ScenarioManifests
{
    /// <summary>Writes every *.yml of <paramref name="source"/> into <paramref name="target"/>, rewritten; returns the target.</summary>
    public static string Prepare(string source, string target, ImageMap images, IReadOnlyDictionary<string, string> labels)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*.yml"))
        {
            File.WriteAllText(Path.Combine(target, Path.GetFileName(file)), Rewrite(File.ReadAllText(file), images, labels));
        }

        return target;
    }

    public static string Rewrite(string yaml, ImageMap images, IReadOnlyDictionary<string, string> labels)
    {
        var objects = KubernetesYaml.LoadAllFromString(yaml);
        foreach (var o in objects)
        {
            if (o is IMetadata<V1ObjectMeta> m) Label(m.Metadata ??= new V1ObjectMeta(), labels);
            var template = o switch
            {
                V1ReplicationController rc => rc.Spec?.Template,
                V1Deployment d => d.Spec?.Template,
                V1ReplicaSet rs => rs.Spec?.Template,
                _ => null,
            };
            if (template is not null) Label(template.Metadata ??= new V1ObjectMeta(), labels);
            var spec = o is V1Pod p ? p.Spec : template?.Spec;
            foreach (var c in (spec?.Containers ?? []).Concat(spec?.InitContainers ?? []))
            {
                c.Image = images.Map(c.Image);
            }
        }

        return string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd() + "\n"));
    }

    private static void Label(V1ObjectMeta meta, IReadOnlyDictionary<string, string> labels)
    {
        meta.Labels ??= new Dictionary<string, string>();
        foreach (var (k, v) in labels) meta.Labels[k] = v;
    }
}
