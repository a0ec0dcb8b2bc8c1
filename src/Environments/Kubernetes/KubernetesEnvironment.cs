using System.Net;
using LabSpecs.Core;

namespace LabSpecs.Environments.Kubernetes;

/// <summary>
/// A Kubernetes cluster as a lab environment. It has no SSH hosts: the steps reach it with kubectl and KubernetesClient, and
/// its nodes' addresses (for NodePort checks) come from the cluster. Each scenario works in its own namespace (made and removed
/// by the step layer), so <see cref="ResetAsync"/> has nothing left to do.
/// </summary>
public sealed class KubernetesEnvironment : ILabEnvironment
{
    internal KubernetesEnvironment(string id, TopologySpec topology, ResolvedKubeconfig? kubeconfig, IReadOnlyList<ClusterNode> nodes, Capabilities capabilities)
    {
        Id = id;
        Topology = topology;
        Kubeconfig = kubeconfig;
        Nodes = nodes;
        Capabilities = capabilities;
    }

    public string Id { get; }

    public TopologySpec Topology { get; }

    /// <summary>The files and context the cluster is reached with; null when there is no cluster.</summary>
    public ResolvedKubeconfig? Kubeconfig { get; }

    public IReadOnlyList<ClusterNode> Nodes { get; }

    public IReadOnlyList<ILabHost> Hosts => [];

    public Capabilities Capabilities { get; }

    /// <summary>A user's cluster is never thrown away: what a scenario made is removed with its namespace.</summary>
    public bool Replaceable => false;

    /// <summary>The kubeconfig, or the reason there is none (the same one the skipped scenarios show).</summary>
    public ResolvedKubeconfig RequireCluster() =>
        Kubeconfig ?? throw new CapabilityMissingException(KubernetesProvider.Capability, Capabilities.WhyMissing(KubernetesProvider.Capability));

    internal static KubernetesEnvironment Without(string id, TopologySpec topology, string why) =>
        new(id, topology, null, [], new Capabilities(new HashSet<string>(),
            new Dictionary<string, string> { [KubernetesProvider.Capability] = why, ["kubectl"] = why }));

    internal static Capabilities CapabilitiesWith(bool kubectl)
    {
        var present = new HashSet<string> { KubernetesProvider.Capability };
        var missing = new Dictionary<string, string>();
        if (kubectl) present.Add("kubectl");
        else missing["kubectl"] = "kubectl is not installed on this machine (Debian: apt-get install kubernetes-client, or the upstream binary in /usr/local/bin)";
        return new Capabilities(present, missing);
    }

    public ILabHost Host(string name) =>
        throw new LabSpecsException($"topology '{Topology.Name}' is a Kubernetes cluster: it has no SSH host '{name}'; its nodes are {string.Join(", ", Nodes.Select(n => n.Name))} (reach them with kubectl)");

    public Task<ExecResult> ExecOnUnderlayAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default, ILabHost? near = null) =>
        throw NotHere("a command on the underlay");

    public Task StopHostAsync(string name, CancellationToken ct = default) => throw NotHere("stopping a host");

    public Task StartHostAsync(string name, CancellationToken ct = default) => throw NotHere("starting a host");

    public Task CutLinkAsync(string name, CancellationToken ct = default) => throw NotHere("cutting a link");

    public Task RestoreLinkAsync(string name, CancellationToken ct = default) => throw NotHere("restoring a link");

    public Task ResetAsync(CancellationToken ct = default) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override string ToString() => Kubeconfig is null ? $"{Id} (no cluster)" : $"{Id} ({Kubeconfig.Context} at {Kubeconfig.Server})";

    public IPAddress? AddressOf(string node) => Nodes.FirstOrDefault(n => n.Name == node)?.Address;

    private CapabilityMissingException NotHere(string what) =>
        new("hosts", $"{what} needs lab hosts; topology '{Topology.Name}' is a Kubernetes cluster");
}
