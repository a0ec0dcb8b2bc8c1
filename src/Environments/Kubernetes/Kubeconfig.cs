using k8s;
using k8s.KubeConfigModels;
using LabSpecs.Core;

namespace LabSpecs.Environments.Kubernetes;

/// <summary>The kubeconfig files and context a cluster topology resolved to, and the client configuration built from them.</summary>
public sealed record ResolvedKubeconfig(IReadOnlyList<string> Files, string Context, string Server, KubernetesClientConfiguration Client, string User = "")
{
    /// <summary>The files as kubectl wants them in KUBECONFIG (':'-separated, first one wins).</summary>
    public string KubeconfigVariable => string.Join(Path.PathSeparator, Files);
}

/// <summary>
/// Reads kubeconfig files the way kubectl does: a list of files (a topology's <c>kubeconfig:</c>, else <c>$KUBECONFIG</c> split on
/// ':', else <c>~/.kube/config</c>), merged with the first occurrence of each cluster, user and context winning, then the
/// chosen context. KubernetesClient can either merge a multi-file KUBECONFIG (<c>BuildDefaultConfig</c>, no context choice) or
/// take a context for one file, not both (kubernetes-client/csharp#1730), so the merge happens here, on its public model,
/// with relative certificate paths made absolute per file first (after a merge only one file name is left to resolve them).
/// </summary>
public static class Kubeconfig
{
    public const string Variable = "KUBECONFIG";

    /// <summary>Overrides the context of every cluster topology (like <c>kubectl --context</c>).</summary>
    public const string ContextVariable = "LABSPECS_KUBE_CONTEXT";

    /// <summary>The candidate files in order; the bool says whether any of them exists.</summary>
    public static (IReadOnlyList<string> Files, bool AnyExists) Candidates(ClusterAccess? access)
    {
        IReadOnlyList<string> files = access is { Kubeconfigs.Count: > 0 }
            ? access.Kubeconfigs
            : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } variable
                ? variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => f.Trim('"')).ToList()
                : [KubernetesClientConfiguration.KubeConfigDefaultLocation];
        return (files, files.Any(File.Exists));
    }

    /// <summary>Merges the existing files and selects the context; a context that no file defines fails, naming the ones there are.</summary>
    public static ResolvedKubeconfig Resolve(IReadOnlyList<string> files, string? context)
    {
        var existing = files.Where(File.Exists).ToList();
        if (existing.Count == 0)
        {
            throw new LabSpecsException($"none of the kubeconfig files exists: {string.Join(", ", files)}");
        }

        var merged = Merge(existing.Select(Load).ToList());
        var chosen = Environment.GetEnvironmentVariable(ContextVariable) is { Length: > 0 } overridden ? overridden : context ?? merged.CurrentContext;
        var contexts = merged.Contexts.Select(c => c.Name).ToList();
        if (string.IsNullOrEmpty(chosen) || !contexts.Contains(chosen))
        {
            throw new LabSpecsException(
                $"kubeconfig {string.Join(Path.PathSeparator, existing)}: " +
                (string.IsNullOrEmpty(chosen) ? "no current-context and no context given" : $"no context '{chosen}'") +
                $"; valid: {(contexts.Count == 0 ? "(none)" : string.Join(", ", contexts))}");
        }

        var client = KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, chosen);
        var user = merged.Contexts.First(c => c.Name == chosen).ContextDetails?.User ?? "";
        return new ResolvedKubeconfig(existing, chosen, client.Host ?? "", client, user);
    }

    /// <summary>kubectl's merge rule: for clusters, users and contexts the first file that names one wins; so does current-context.</summary>
    public static K8SConfiguration Merge(IReadOnlyList<K8SConfiguration> configs)
    {
        var first = configs[0];
        return new K8SConfiguration
        {
            ApiVersion = first.ApiVersion,
            Kind = first.Kind,
            CurrentContext = configs.Select(c => c.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c)),
            Preferences = first.Preferences,
            Clusters = configs.SelectMany(c => c.Clusters ?? []).DistinctBy(c => c.Name).ToList(),
            Users = configs.SelectMany(c => c.Users ?? []).DistinctBy(u => u.Name).ToList(),
            Contexts = configs.SelectMany(c => c.Contexts ?? []).DistinctBy(c => c.Name).ToList(),
            Extensions = configs.SelectMany(c => c.Extensions ?? []).DistinctBy(e => e.Name).ToList(),
        };
    }

    private static K8SConfiguration Load(string file)
    {
        K8SConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(file), useRelativePaths: true);
        }
        catch (Exception e)
        {
            throw new LabSpecsException($"kubeconfig {file} cannot be read: {e.Message}", e);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        foreach (var cluster in config.Clusters ?? [])
        {
            if (cluster.ClusterEndpoint is { } endpoint) endpoint.CertificateAuthority = Absolute(endpoint.CertificateAuthority, directory);
        }

        foreach (var user in config.Users ?? [])
        {
            if (user.UserCredentials is not { } credentials) continue;
            credentials.ClientCertificate = Absolute(credentials.ClientCertificate, directory);
            credentials.ClientKey = Absolute(credentials.ClientKey, directory);
        }

        return config;
    }

    private static string Absolute(string path, string directory) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.Combine(directory, path);
}
