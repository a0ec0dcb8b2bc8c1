using System.Text.RegularExpressions;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments.Inventory;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>
/// kubeadm on lab hosts (the "Get Started with Kubeadm" lab), over each host's command channel (SSH on real hosts). Before the
/// first kubeadm on a host its prerequisites are checked (<see cref="KubeadmPreflight"/>): a host that lacks one skips the
/// scenario with the reason. A host on which kubeadm init or join runs is noted in the run's ledger (<see cref="KubeadmLedger"/>)
/// and its reset is registered first, with its own time; the reset's exit code is checked. Addresses come from the
/// environment: "&lt;address of k8s-master&gt;" in a command is the host's lab address.
/// </summary>
public sealed partial class KubeadmHosts(Func<string, HostShell> shellOn, ICleanupRegistry cleanups, KubeadmLedger? ledger = null)
{
    /// <summary>The admin kubeconfig kubeadm init writes on the master (the handbook copies it to ~/.kube/config).</summary>
    public const string AdminConfig = "/etc/kubernetes/admin.conf";

    /// <summary>The pod network manifest (flannel, matching --pod-network-cidr=10.244.0.0/16); LABSPECS_POD_NETWORK_MANIFEST overrides it.</summary>
    public static string PodNetworkManifest =>
        Environment.GetEnvironmentVariable("LABSPECS_POD_NETWORK_MANIFEST") is { Length: > 0 } m
            ? m
            : "https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml";

    private readonly HashSet<string> _reset = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KubeadmHostFacts> _facts = new(StringComparer.Ordinal);

    public KubeadmJoin? Join { get; private set; }

    /// <summary>What the last command printed, when it was kubeadm init (its join command), for "kubeadm printed a join command".</summary>
    public ExecResult? Last { get; private set; }

    /// <summary>"&lt;address of HOST&gt;" replaced by each host's lab address.</summary>
    public string Expand(string command) =>
        AddressOf().Replace(command, m => shellOn(m.Groups["host"].Value).Host.Address.ToString());

    /// <summary>Runs a command on a host; kubeadm runs only after the host's preflight, with its reset registered first (it may half-succeed).</summary>
    public async Task<ExecResult> RunAsync(string host, string command, CancellationToken ct = default)
    {
        command = Expand(command);
        if (command.TrimStart().StartsWith("kubeadm ", StringComparison.Ordinal))
        {
            await PreflightAsync(host, master: command.Contains("kubeadm init", StringComparison.Ordinal), ct).ConfigureAwait(false);
            RegisterReset(host);
            await SetNodeIpAsync(host, ct).ConfigureAwait(false);
        }

        var r = await shellOn(host).RunAsync(command, Timeouts.Default.Provision * 3, ct).ConfigureAwait(false);
        if (KubeadmOutput.JoinCommand(r.Stdout) is { } join) Join = join;
        Last = r;
        return r;
    }

    /// <summary>Checks the host's prerequisites once; a missing one skips the scenario, naming the host and what it lacks.</summary>
    public async Task<KubeadmHostFacts> PreflightAsync(string host, bool master, CancellationToken ct = default)
    {
        if (!_facts.TryGetValue(host, out var facts))
        {
            var shell = shellOn(host);
            var probe = await shell.RunAsync(KubeadmPreflight.ProbeCommand(shell.Host.Address), Timeouts.Default.Exec, ct).ConfigureAwait(false);
            _facts[host] = facts = KubeadmPreflight.Parse(probe.Stdout);
        }

        if (KubeadmPreflight.Problems(facts, master) is { Count: > 0 } problems)
        {
            throw new CapabilityMissingException("kubeadm", $"{host} is not ready for kubeadm: {string.Join("; ", problems)}");
        }

        return facts;
    }

    /// <summary>kubeadm is about to touch the host: it goes into the ledger and its reset is registered (once per host).</summary>
    public void RegisterReset(string host)
    {
        if (!_reset.Add(host)) return;
        ledger?.Add(host);
        var shell = shellOn(host);
        cleanups.RegisterCleanup($"kubeadm reset on {host} (by hand: {KubeadmLedger.HowToReset(shell.Host.Address.ToString())})", async c =>
        {
            await shell.MustAsync(KubeadmLedger.ResetCommand, KubeadmLedger.ResetTimeout, c).ConfigureAwait(false);
            await shell.MustAsync(KubeadmLedger.RemoveNetworkCommand, Timeouts.Default.Cleanup, c).ConfigureAwait(false);
            ledger?.Done(host);
        }, CleanupCost.Cheap, KubeadmLedger.ResetTimeout + Timeouts.Default.Cleanup);
    }

    /// <summary>
    /// On a host whose default route leaves by another interface than the lab address's (a Vagrant box's NAT eth0) the kubelet
    /// would register the NAT address: its --node-ip is set to the lab address (in /etc/default/kubelet, restored afterwards).
    /// </summary>
    private async Task SetNodeIpAsync(string host, CancellationToken ct)
    {
        if (KubeadmPreflight.LabInterfaceBesideDefault(_facts[host]) is null) return;
        var shell = shellOn(host);
        const string file = "/etc/default/kubelet";
        await shell.MustAsync($"cp -p {file} {file}.labspecs 2>/dev/null || touch {file}.labspecs.absent; echo KUBELET_EXTRA_ARGS=--node-ip={shell.Host.Address} > {file}", Timeouts.Default.Exec, ct).ConfigureAwait(false);
        cleanups.RegisterCleanup($"restore {file} on {host}", c => shell.MustAsync(
            $"if [ -e {file}.labspecs.absent ]; then rm -f {file} {file}.labspecs.absent; else mv {file}.labspecs {file}; fi", Timeouts.Default.Cleanup, c));
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

    /// <summary>The nodes <c>kubectl get nodes</c> lists on the host.</summary>
    public async Task<IReadOnlyList<NodeRow>> NodesOnAsync(string host, string kubectlCommand, CancellationToken ct = default) =>
        KubectlOutput.Nodes((await KubectlOnAsync(host, kubectlCommand, ct).ConfigureAwait(false)).EnsureSuccess().Stdout);

    /// <summary>
    /// The handbook's <c>kubectl apply -f</c> of the pod network manifest (<see cref="PodNetworkManifest"/>) on the master; where
    /// a host's lab address is not on its default-route interface, flannel is told the lab interface (--iface).
    /// </summary>
    public async Task DeployPodNetworkAsync(string master, CancellationToken ct = default)
    {
        (await KubectlOnAsync(master, $"kubectl apply -f {PodNetworkManifest}", ct).ConfigureAwait(false)).EnsureSuccess();
        if (_facts.Values.Select(KubeadmPreflight.LabInterfaceBesideDefault).FirstOrDefault(i => i is not null) is { } iface)
        {
            (await KubectlOnAsync(master, "kubectl -n kube-flannel patch daemonset kube-flannel-ds --type json -p " +
                LocalProcess.Quote($$"""[{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"--iface={{iface}}"}]"""), ct).ConfigureAwait(false)).EnsureSuccess();
        }
    }

    /// <summary>Waits until <c>kubectl get nodes</c> on the host lists the nodes, all Ready (each attempt is one kubectl run).</summary>
    public async Task<IReadOnlyList<NodeRow>> WaitForReadyNodesAsync(string host, string kubectlCommand, IReadOnlyCollection<string> names,
        IEvidenceSink evidence, CancellationToken ct = default)
    {
        var outcome = await Eventually.UntilAsync($"{kubectlCommand} on {host} lists {string.Join(", ", names)}, all Ready",
            c => NodesOnAsync(host, kubectlCommand, c),
            nodes => names.All(n => nodes.Any(x => x.Name == n && x.IsReady)),
            Timeouts.Default.Provision * 3, TimeSpan.FromSeconds(5),
            nodes => string.Join('\n', nodes.Select(n => $"{n.Name} {n.Status} {n.Roles}")), ct, evidence).ConfigureAwait(false);
        return outcome.Value;
    }

    [GeneratedRegex(@"<address of (?<host>[A-Za-z0-9._-]+)>")]
    private static partial Regex AddressOf();
}
