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
        string[] arguments = ["--context", kubeconfig.Context, "--namespace", @namespace, .. words.Skip(1)];
        var env = new Dictionary<string, string> { [Kubeconfig.Variable] = kubeconfig.KubeconfigVariable };
        var ran = await LocalProcess.RunAsync(program, arguments, timeout ?? Timeouts.Default.Apply, env: env, ct: ct,
            workingDirectory: manifestsDirectory).ConfigureAwait(false);
        var result = ran with { Command = typed, Where = Where };
        evidence.Record(new EvidenceItem(typed,
            result.ToTranscript() + $"\n(exit code {result.ExitCode} after {result.Duration.TotalSeconds:0.00} s; ran as KUBECONFIG={kubeconfig.KubeconfigVariable} {ran.Command})"));
        return result;
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
