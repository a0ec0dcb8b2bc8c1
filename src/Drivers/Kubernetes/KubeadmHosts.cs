using LabSpecs.Core;
using LabSpecs.Drivers.Commands;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>
/// kubeadm on lab hosts (the "Get Started with Kubeadm" lab), over each host's command channel (SSH on real hosts). A host on
/// which kubeadm init or join ran is given back with <c>kubeadm reset</c>: the undo is registered when the command runs.
/// </summary>
public sealed class KubeadmHosts(Func<string, HostShell> shellOn, ICleanupRegistry cleanups)
{
    /// <summary>The admin kubeconfig kubeadm init writes on the master (the handbook copies it to ~/.kube/config).</summary>
    public const string AdminConfig = "/etc/kubernetes/admin.conf";

    /// <summary>The pod network manifest (flannel, matching --pod-network-cidr=10.244.0.0/16); LABSPECS_POD_NETWORK_MANIFEST overrides it.</summary>
    public static string PodNetworkManifest =>
        Environment.GetEnvironmentVariable("LABSPECS_POD_NETWORK_MANIFEST") is { Length: > 0 } m
            ? m
            : "https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml";

    private readonly HashSet<string> _reset = new(StringComparer.Ordinal);

    public KubeadmJoin? Join { get; private set; }

    /// <summary>Runs a command on a host; a kubeadm init/join registers the host's reset first (it may half-succeed).</summary>
    public async Task<ExecResult> RunAsync(string host, string command, CancellationToken ct = default)
    {
        if (command.TrimStart().StartsWith("kubeadm ", StringComparison.Ordinal) && _reset.Add(host))
        {
            var shell = shellOn(host);
            cleanups.RegisterCleanup($"kubeadm reset on {host}", c => shell.RunAsync(
                "kubeadm reset -f && rm -rf /etc/cni/net.d $HOME/.kube", Timeouts.Default.Provision, c));
        }

        var r = await shellOn(host).RunAsync(command, Timeouts.Default.Provision * 3, ct).ConfigureAwait(false);
        if (KubeadmOutput.JoinCommand(r.Stdout) is { } join) Join = join;
        return r;
    }

    public async Task<KubeadmJoin> InitAsync(string master, string command, CancellationToken ct = default)
    {
        (await RunAsync(master, command, ct).ConfigureAwait(false)).EnsureSuccess();
        return Join ?? throw new LabSpecsException($"'{command}' on {master} printed no kubeadm join command");
    }

    public async Task JoinAsync(string worker, CancellationToken ct = default)
    {
        var join = Join ?? throw new LabSpecsException("no kubeadm join command yet: kubeadm init must run on the master first");
        (await RunAsync(worker, join.Command, ct).ConfigureAwait(false)).EnsureSuccess();
    }

    /// <summary>kubectl on a host, with the admin kubeconfig kubeadm wrote there.</summary>
    public Task<ExecResult> KubectlOnAsync(string host, string kubectlCommand, CancellationToken ct = default) =>
        shellOn(host).RunAsync($"KUBECONFIG={AdminConfig} {kubectlCommand}", Timeouts.Default.Exec, ct);

    /// <summary>The handbook's <c>kubectl apply -f</c> of the pod network manifest (<see cref="PodNetworkManifest"/>) on the master.</summary>
    public async Task DeployPodNetworkAsync(string master, CancellationToken ct = default) =>
        (await KubectlOnAsync(master, $"kubectl apply -f {PodNetworkManifest}", ct).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>Waits until <c>kubectl get nodes</c> on the host lists the nodes, all Ready (each attempt is one kubectl run).</summary>
    public async Task<IReadOnlyList<NodeRow>> WaitForReadyNodesAsync(string host, string kubectlCommand, IReadOnlyCollection<string> names,
        IEvidenceSink evidence, CancellationToken ct = default)
    {
        var outcome = await Eventually.UntilAsync($"{kubectlCommand} on {host} lists {string.Join(", ", names)}, all Ready",
            async c => KubectlOutput.Nodes((await KubectlOnAsync(host, kubectlCommand, c).ConfigureAwait(false)).EnsureSuccess().Stdout),
            nodes => names.All(n => nodes.Any(x => x.Name == n && x.IsReady)),
            Timeouts.Default.Provision * 3, TimeSpan.FromSeconds(5),
            nodes => string.Join('\n', nodes.Select(n => $"{n.Name} {n.Status} {n.Roles}")), ct, evidence).ConfigureAwait(false);
        return outcome.Value;
    }
}
