using LabSpecs.Core;
using LabSpecs.Environments.Kubernetes;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>
/// The real kubectl, for the commands the handbook has the reader type (<c>kubectl create -f db-pod.yml</c>, <c>get pods -o wide</c>,
/// <c>scale</c>, <c>rollout</c>, <c>exec</c>). Each command runs with the environment's kubeconfig files (KUBECONFIG, merged by kubectl
/// itself), <c>--context</c> and the scenario's <c>--namespace</c>, in the folder holding the lab's manifests; the evidence shows
/// the command as typed, its output, exit code and duration, and the full command line it ran as.
/// </summary>
public sealed class KubectlCommandLine(ResolvedKubeconfig kubeconfig, string @namespace, string manifestsDirectory, IEvidenceSink evidence)
{
    public string Where => $"kubectl {kubeconfig.Context}/{@namespace}";

    public string Namespace => @namespace;

    /// <summary>Runs a command as typed ("kubectl get pods -o wide"); a non-zero exit is a result, not an exception.</summary>
    public async Task<ExecResult> RunAsync(string typed, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var words = ShellWords.Split(typed);
        if (words.Count == 0 || words[0] != "kubectl")
        {
            throw new LabSpecsException($"not a kubectl command: {typed}");
        }

        var program = Kubectl.Path() ?? throw new CapabilityMissingException("kubectl", "kubectl is not installed on this machine");
        var env = new Dictionary<string, string> { [Kubeconfig.Variable] = kubeconfig.KubeconfigVariable };
        var ran = await LocalProcess.RunAsync(program, Arguments(words, kubeconfig.Context, @namespace), ProcessTimeout(words, timeout ?? Timeouts.Default.Apply), env: env, ct: ct,
            workingDirectory: manifestsDirectory).ConfigureAwait(false);
        var result = ran with { Command = typed, Where = Where };
        evidence.Record(new EvidenceItem(typed,
            result.ToTranscript() + $"\n(exit code {result.ExitCode} after {result.Duration.TotalSeconds:0.00} s; ran as KUBECONFIG={kubeconfig.KubeconfigVariable} {ran.Command})"));
        return result;
    }

    /// <summary>
    /// Commands about the cluster rather than a namespace: they get no <c>--namespace</c>. kubectl cluster-info in particular reads
    /// the flag and would report on the scenario's empty namespace instead of kube-system (kubectl's clusterinfo.go, Complete).
    /// </summary>
    private static readonly string[][] ClusterScoped =
    [
        ["cluster-info"], ["version"], ["api-resources"], ["api-versions"], ["config"],
        ["get", "nodes"], ["get", "node"], ["get", "no"], ["get", "namespaces"], ["get", "namespace"], ["get", "ns"],
        ["describe", "nodes"], ["describe", "node"], ["top", "node"], ["top", "nodes"],
    ];

    /// <summary>kubectl's arguments for a typed command: the context always; the scenario's namespace unless the command is about the cluster.</summary>
    public static IReadOnlyList<string> Arguments(IReadOnlyList<string> words, string context, string @namespace)
    {
        var rest = words.Skip(1).ToList();
        var verbs = rest.Where(w => !w.StartsWith('-')).ToList();
        var clusterScoped = ClusterScoped.Any(p => verbs.Take(p.Length).SequenceEqual(p, StringComparer.Ordinal));
        return clusterScoped ? ["--context", context, .. rest] : ["--context", context, "--namespace", @namespace, .. rest];
    }

    /// <summary>The margin a process gets beyond the command's own <c>--timeout</c> (to print its result and exit).</summary>
    public static readonly TimeSpan TimeoutMargin = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the kubectl process may run: a command with its own <c>--timeout</c> (rollout status, wait) gets that plus
    /// <see cref="TimeoutMargin"/> when it is longer than the default, so kubectl reports its own timeout instead of being killed.
    /// </summary>
    public static TimeSpan ProcessTimeout(IReadOnlyList<string> words, TimeSpan @default)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var value = words[i].StartsWith("--timeout=", StringComparison.Ordinal) ? words[i]["--timeout=".Length..]
                : words[i] == "--timeout" && i + 1 < words.Count ? words[i + 1]
                : null;
            if (value is not null && GoDuration.TryParse(value, out var own) && own + TimeoutMargin > @default) return own + TimeoutMargin;
        }

        return @default;
    }

    /// <summary>Runs and throws <see cref="CommandFailedException"/> unless kubectl exits 0.</summary>
    public async Task<ExecResult> MustRunAsync(string typed, TimeSpan? timeout = null, CancellationToken ct = default) =>
        (await RunAsync(typed, timeout, ct).ConfigureAwait(false)).EnsureSuccess();

    /// <summary><c>kubectl create -f MANIFEST</c> (a file of the lab's manifests folder); must succeed.</summary>
    public Task<ExecResult> CreateAsync(string manifest, CancellationToken ct = default) =>
        MustRunAsync($"kubectl create -f {LocalProcess.Quote(manifest)}", ct: ct);

    /// <summary>
    /// An HTTP GET made inside the cluster, from a pod (<c>kubectl exec POD -- curl</c>): the handbook curls pod and node addresses
    /// from a node; a pod of the lab reaches both the same way, and no request leaves the cluster for this machine.
    /// </summary>
    public async Task<string> FetchFromPodAsync(string pod, string url, CancellationToken ct = default)
    {
        var r = await RunAsync($"kubectl exec {LocalProcess.Quote(pod)} -- curl -s -S -m 5 {LocalProcess.Quote(url)}", Timeouts.Default.Exec, ct).ConfigureAwait(false);
        return (r.Stdout + r.Stderr).Trim();
    }
}
