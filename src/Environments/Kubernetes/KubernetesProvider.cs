using System.Diagnostics;
using LabSpecs.Core;
using YamlDotNet.RepresentationModel;

namespace LabSpecs.Environments.Kubernetes;

/// <summary>
/// A Kubernetes cluster the user has, reached through kubeconfig files (see <see cref="Kubeconfig"/>); its nodes are read from
/// the cluster, so the topology lists no hosts. Without a kubeconfig, or when the cluster does not answer, the environment
/// still exists but lacks the capability <c>kubernetes</c>: scenarios tagged <c>@needs-kubernetes</c> are skipped with the reason.
/// </summary>
[LabEnvironmentProvider(Name, HostsInFile = false)]
public sealed class KubernetesProvider : ILabEnvironmentProvider
{
    public const string Name = "kubernetes";
    public const string Capability = "kubernetes";
    public const string NoCluster = "no Kubernetes cluster: set KUBECONFIG or add a kubernetes topology";

    string ILabEnvironmentProvider.Name => Name;

    public IReadOnlyList<string> TopologyKeys => ["kubeconfig", "context", "namespace"];

    /// <summary>kubeconfig: one path or a list (relative to the environment file; ~ is the home directory); context: a name; namespace: an existing namespace.</summary>
    public TopologySpec ReadTopology(TopologySpec topology, YamlFile file, YamlMappingNode node)
    {
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file.Path)) ?? ".";
        var paths = YamlFile.Optional(node, "kubeconfig") switch
        {
            null => [],
            YamlScalarNode scalar => [file.Scalar(scalar, "kubeconfig")],
            YamlSequenceNode seq => seq.Children.Select(c => file.Scalar(c, "kubeconfig")).ToList(),
            var other => throw file.Error(other, $"topology '{topology.Name}': kubeconfig must be a path or a list of paths"),
        };
        var context = YamlFile.Optional(node, "context") is { } c ? file.Scalar(c, "context") : null;
        var ns = YamlFile.Optional(node, "namespace") is { } n ? file.Scalar(n, "namespace") : null;
        return topology with { Cluster = new ClusterAccess(paths.Select(p => EnvironmentFile.ResolvePath(p, baseDirectory)).ToList(), context, ns) };
    }

    public async Task<ILabEnvironment> CreateAsync(TopologySpec topology, IEvidenceSink progress, CancellationToken ct = default)
    {
        var id = "ls-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var (files, anyExists) = Kubeconfig.Candidates(topology.Cluster);
        if (!anyExists)
        {
            return KubernetesEnvironment.Without(id, topology, NoCluster);
        }

        var kubeconfig = Kubeconfig.Resolve(files, topology.Cluster?.Context); // a wrong context is the user's mistake: it fails, naming the valid ones
        var clock = Stopwatch.StartNew();
        var (nodes, unreachable) = await ClusterProbe.NodesAsync(kubeconfig, Timeouts.Default.Exec, ct).ConfigureAwait(false);
        progress.Record(new EvidenceItem(
            unreachable is null
                ? $"cluster {kubeconfig.Context} at {kubeconfig.Server}: {nodes.Count} node(s) in {clock.Elapsed.TotalSeconds:0.0} s"
                : unreachable,
            string.Join('\n', nodes.Select(n => $"{n.Name} {n.Address}"))));
        return unreachable is null
            ? new KubernetesEnvironment(id, topology, kubeconfig, nodes, KubernetesEnvironment.CapabilitiesWith(kubectl: Kubectl.Path() is not null))
            : KubernetesEnvironment.Without(id, topology, unreachable);
    }

    /// <summary>
    /// Namespaces this machine's dead runs left are removed by <see cref="ClusterProbe.SweepAsync"/>, on each cluster the
    /// environment file's kubernetes topologies name (their <c>kubeconfig:</c> and <c>context:</c>, as the run uses them).
    /// </summary>
    public async Task<int> SweepLeftoversAsync(CancellationToken ct = default)
    {
        var file = LabEnvironments.EnvironmentFilePath ?? EnvironmentFile.DefaultPath();
        IEnumerable<TopologySpec> topologies;
        try { topologies = File.Exists(file) ? EnvironmentFile.Load(file).Values : []; }
        catch (LabSpecsException) { topologies = []; } // a broken file fails the run where it is read, with its line; the sweep uses the default
        var removed = 0;
        foreach (var access in SweepTargets(topologies))
        {
            var (files, anyExists) = Kubeconfig.Candidates(access);
            if (!anyExists) continue;
            try
            {
                var kubeconfig = Kubeconfig.Resolve(files, access.Context);
                removed += await ClusterProbe.SweepAsync(kubeconfig, access.Namespace, Timeouts.Default.Cleanup, ct).ConfigureAwait(false);
            }
            catch (LabSpecsException)
            {
                // an unreadable or unreachable cluster has nothing this run can sweep; the scenarios report why
            }
        }

        return removed;
    }

    /// <summary>The clusters to sweep: each kubernetes topology's access, once; none named → what kubectl would use.</summary>
    public static IReadOnlyList<ClusterAccess> SweepTargets(IEnumerable<TopologySpec> topologies)
    {
        var targets = topologies.Where(t => t.Provider == Name).Select(t => t.Cluster ?? new ClusterAccess([], null))
            .DistinctBy(a => (string.Join(Path.PathSeparator, a.Kubeconfigs), a.Context, a.Namespace)).ToList();
        return targets.Count > 0 ? targets : [new ClusterAccess([], null)];
    }
}

/// <summary>Where the kubectl client is (the handbook's commands run with it); null when not installed.</summary>
public static class Kubectl
{
    public static string? Path() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(System.IO.Path.PathSeparator)
        .Select(d => System.IO.Path.Combine(d, "kubectl"))
        .FirstOrDefault(File.Exists);
}
