using System.Net;
using LabSpecs.Core;

namespace LabSpecs.Environments;

// Contracts every environment provider implements (embedded: namespaces here; inventory: SSH hosts, Vagrant boxes included;
// kubernetes: a cluster).
// Drivers and step definitions depend only on these.

/// <summary>A host as the environment file describes it.</summary>
public sealed record HostSpec(string Name, IPAddress Address, IReadOnlyList<string> Roles);

/// <summary>
/// A named set of hosts (e.g. "two-node"), from environments/*.yml. A cluster topology (<c>provider: kubernetes</c>) has no
/// hosts in the file (its nodes are read from the cluster) and says how to reach the cluster in <see cref="Cluster"/>.
/// </summary>
public sealed record TopologySpec(string Name, string Provider, IPNetwork Subnet, IReadOnlyList<HostSpec> Hosts, string SourceFile,
    ClusterAccess? Cluster = null)
{
    /// <summary>The machines the hosts are (provider <c>inventory</c>: -Inventory FILE / LABSPECS_INVENTORY), else null.</summary>
    public Inventory.HostInventory? Inventory { get; init; }

    /// <summary>The inventory file a <c>provider: inventory</c> topology names (<c>inventory: FILE</c>), read when the topology is used.</summary>
    public string? InventorySource { get; init; }

    /// <summary>
    /// <c>one_at_a_time: true</c>: features of this topology never run at the same time in one run (each waits for the previous
    /// one's environment to be released). Set for the swarm: two swarms at once on 2 cores starve each other's heartbeats, and
    /// the rescheduled tasks made each swarm feature up to 10 times slower.
    /// </summary>
    public bool OneAtATime { get; init; }

    /// <summary><c>engine:</c> (embedded hosts): the Docker engine its hosts run (Images/host-images.txt); null: the run's or the default.</summary>
    public string? Engine { get; init; }
}

/// <summary>
/// How to reach a Kubernetes cluster: kubeconfig files (merged like kubectl merges a multi-file KUBECONFIG, first one wins)
/// and the context to use (null: the merged file's current-context). An empty list means "$KUBECONFIG, else ~/.kube/config".
/// <see cref="Namespace"/>: a namespace the user already has, used (and emptied of what the run labelled) by every scenario,
/// for accounts that may not create namespaces; null: each scenario makes its own.
/// </summary>
public sealed record ClusterAccess(IReadOnlyList<string> Kubeconfigs, string? Context, string? Namespace = null);

/// <summary>
/// How this process reaches a host's sshd. <see cref="Host"/>/<see cref="Port"/> are what to connect to (possibly a loopback
/// forwarder into the lab); <see cref="LabAddress"/> is the host's address inside the lab, as the handbook shows it.
/// <see cref="PrivateKeyPath"/> empty means password authentication with <see cref="Password"/>; <see cref="Jump"/> is a host
/// the connection goes through (SSH.NET has no ProxyJump: a port forwarded through the jump host's session);
/// <see cref="AcceptNewHostKey"/> trusts an unpinned host key once (the caller records it).
/// </summary>
public sealed record SshEndpoint(string Host, int Port, string User, string PrivateKeyPath, string HostKeySha256, IPAddress LabAddress)
{
    public string? Password { get; init; }

    public SshEndpoint? Jump { get; init; }

    public bool AcceptNewHostKey { get; init; }

    /// <summary>How the host is named in errors and known_hosts: <c>user@host:port</c>.</summary>
    public string Where => $"{User}@{Host}:{Port}";
}

/// <summary>What the environment's kernel and tools can do; a scenario tagged @needs-X is skipped with <see cref="WhyMissing"/>.</summary>
public sealed record Capabilities(IReadOnlySet<string> Present, IReadOnlyDictionary<string, string> Missing)
{
    public bool Has(string capability) => Present.Contains(capability);

    public string WhyMissing(string capability) =>
        Missing.TryGetValue(capability, out var why) ? why : $"capability '{capability}' is unknown to this environment";

    /// <summary>These and <paramref name="more"/> (e.g. the hosts' <see cref="EngineCapabilities"/>); a reason already given wins.</summary>
    public Capabilities With(Capabilities more) =>
        new(Present.Union(more.Present).ToHashSet(StringComparer.Ordinal),
            Missing.Concat(more.Missing).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal));
}

public interface ILabHost
{
    string Name { get; }

    IPAddress Address { get; }

    /// <summary>The host's Docker engine API, e.g. unix:///run/labspecs/ENV/HOST/docker.sock.</summary>
    Uri DockerEndpoint { get; }

    SshEndpoint Ssh { get; }

    /// <summary>
    /// For a <c>tcp://</c> <see cref="DockerEndpoint"/>: the directory with <c>ca.pem</c>, <c>cert.pem</c>, <c>key.pem</c>
    /// (DOCKER_CERT_PATH style; TLS verified), or null for plain TCP. Unused for unix:// and ssh:// endpoints.
    /// </summary>
    string? DockerCertPath => null;

    /// <summary>A docker context (<c>docker context create NAME …</c>) whose endpoint and TLS files reach the host's engine, or null.</summary>
    string? DockerContext => null;

    /// <summary>How <see cref="ExecAsync"/> and <see cref="DialDockerAsync"/> reach the host: "ssh", or "nsenter" (embedded hosts' fast default).</summary>
    string Channel { get; }

    /// <summary>Runs a shell command on the host as root (embedded: inside the host's namespaces, or over SSH; real hosts: over SSH).</summary>
    Task<ExecResult> ExecAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default);

    /// <summary>
    /// A byte stream to the host's Docker engine API (HTTP): its unix socket, or <c>docker system dial-stdio</c> on the host's
    /// SSH session (as the docker CLI does for <c>DOCKER_HOST=ssh://</c>), so no TCP port is opened.
    /// </summary>
    Task<Stream> DialDockerAsync(CancellationToken ct = default);
}

/// <summary>The channel of the hosts an environment makes: LABSPECS_CHANNEL=ssh|nsenter (default nsenter).</summary>
public static class HostChannel
{
    public const string Variable = "LABSPECS_CHANNEL";
    public const string Nsenter = "nsenter";

    public static string FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        return value switch
        {
            null or "" or Nsenter => Nsenter,
            Channels.Ssh => Channels.Ssh,
            _ => throw new LabSpecsException($"{Variable}={value}: valid values are {Nsenter} (default) and {Channels.Ssh}"),
        };
    }
}

public interface ILabEnvironment : IAsyncDisposable
{
    /// <summary>Unique id; everything this environment creates carries it (names, labels, ledger).</summary>
    string Id { get; }

    TopologySpec Topology { get; }

    IReadOnlyList<ILabHost> Hosts { get; }

    Capabilities Capabilities { get; }

    /// <summary>The host with that name; the error lists the valid names.</summary>
    ILabHost Host(string name);

    /// <summary>
    /// Runs a command on the network between the hosts (the underlay), e.g. a bounded tcpdump or a fetch "from a machine outside
    /// the docker host". <paramref name="near"/>: the host the command is about (a capture of what reaches it); embedded
    /// environments run on the underlay itself, which sees every host's traffic; real hosts on <paramref name="near"/> when given
    /// (what reaches it), else on the inventory's client host (the machine outside the docker host).
    /// </summary>
    Task<ExecResult> ExecOnUnderlayAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default, ILabHost? near = null);

    Task StopHostAsync(string name, CancellationToken ct = default);

    Task StartHostAsync(string name, CancellationToken ct = default);

    /// <summary>Takes a host's link to the underlay down (failure labs); <see cref="RestoreLinkAsync"/> brings it back.</summary>
    Task CutLinkAsync(string name, CancellationToken ct = default);

    Task RestoreLinkAsync(string name, CancellationToken ct = default);

    /// <summary>Per-scenario cleanup: removes containers, networks, services, swarm state and other things a scenario made on every host.</summary>
    Task ResetAsync(CancellationToken ct = default);

    /// <summary>
    /// True when a new environment of the same topology is cheaper than undoing a costly change (an engine restart, a swarm,
    /// a cluster store): the test layer then replaces this one (<see cref="EnvironmentLease.ReplaceAsync"/>) instead of
    /// undoing. Embedded environments are (ready in about a second); real hosts are not, every change on them is undone.
    /// </summary>
    bool Replaceable { get; }

    /// <summary>
    /// -KeepOnFailure: leave what the failed scenario made where it is (no undo, no reset, not reused, not swept by later runs)
    /// and say how to remove it; null when this environment cannot keep things (they are then cleaned up as usual).
    /// </summary>
    string? KeepForDebugging(string scenario) => null;
}

public interface ILabEnvironmentProvider
{
    /// <summary>The name used in environments/*.yml (<c>provider: embedded</c>).</summary>
    string Name { get; }

    Task<ILabEnvironment> CreateAsync(TopologySpec topology, IEvidenceSink progress, CancellationToken ct = default);

    /// <summary>Removes what earlier, killed runs left behind (found by label/ledger); returns how many things were removed.</summary>
    Task<int> SweepLeftoversAsync(CancellationToken ct = default);

    /// <summary>
    /// What every environment of <paramref name="topology"/> would have and lack, when the provider can tell without making one
    /// (the embedded hosts share this machine's kernel and tools); null when only a made environment can tell.
    /// </summary>
    Task<Capabilities?> CapabilitiesBeforehandAsync(TopologySpec topology, CancellationToken ct = default) => Task.FromResult<Capabilities?>(null);

    /// <summary>
    /// Why no environment of <paramref name="topology"/> can be made here (hosts an inventory lacks, no qemu on this machine),
    /// as the exception that skips its scenarios with that reason; null when one can.
    /// </summary>
    CapabilityMissingException? CannotMake(TopologySpec topology) => null;

    /// <summary>
    /// Keys a topology of this provider may have beyond every topology's (<see cref="EnvironmentFile.CommonKeys"/>), e.g.
    /// <c>engine</c>; the environment file refuses any other key, naming the provider it belongs to.
    /// </summary>
    IReadOnlyList<string> TopologyKeys => [];

    /// <summary>
    /// True when the run's own settings choose this provider for every topology with hosts (the inventory provider:
    /// -Inventory FILE, LABSPECS_INVENTORY); -Provider NAME (LABSPECS_PROVIDER) comes first.
    /// </summary>
    bool ChosenByRun => false;

    /// <summary>The topology as this provider makes it (the inventory provider: its host names bound to the inventory's machines); default unchanged.</summary>
    TopologySpec Bind(TopologySpec topology) => topology;

    /// <summary>
    /// Reads this provider's <see cref="TopologyKeys"/> of a topology into <paramref name="topology"/> (the common keys are read
    /// already); a wrong value is an <see cref="EnvironmentFileException"/> naming the file and line (<paramref name="file"/>).
    /// </summary>
    TopologySpec ReadTopology(TopologySpec topology, YamlFile file, YamlDotNet.RepresentationModel.YamlMappingNode node) => topology;
}
