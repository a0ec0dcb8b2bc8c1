using LabSpecs.Core;
using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Drivers.MultiHost;
using LabSpecs.Environments.Kubernetes;
using LabSpecs.Runner;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps.Kubernetes;

/// <summary>
/// One scenario on a Kubernetes cluster: its own namespace <c>ls-&lt;run&gt;-&lt;n&gt;</c> (labelled with the run, made before the
/// scenario, deleted and waited for after it, kept on failure with -KeepOnFailure), the kubectl the reader types and the API
/// driver for set-up and waits, and what the last steps saw. One per scenario (context injection).
/// </summary>
public sealed class KubernetesScenario(FeatureContext feature, IEvidenceSink evidence) : IDisposable
{
    public const string KeepOnFailureVariable = "LABSPECS_KEEP_ON_FAILURE";

    /// <summary>The pods requests are made from (the flask demo image has curl, like the handbook's nodes).</summary>
    public const string ClientSelector = "name=web";

    private static int _scenarios;
    private ClusterApi? _api;
    private KubectlCommandLine? _kubectl;

    public KubernetesEnvironment Environment =>
        FeatureEnvironment.Of(feature) as KubernetesEnvironment
        ?? throw new LabSpecsException($"Feature '{feature.FeatureInfo.Title}' does not run on a Kubernetes cluster: tag it @k8s");

    public string Namespace { get; private set; } = "";

    public ClusterApi Api => _api ?? throw NotStarted();

    public KubectlCommandLine Kubectl => _kubectl ?? throw NotStarted();

    public IEvidenceSink Evidence => evidence;

    /// <summary>Pods watched while a command ran ("... while watching the pods labelled ...").</summary>
    public PodWatch? Watch { get; set; }

    public string ManifestsDirectory =>
        Path.Combine(RunnerPaths.FeaturesDirectory(TestRun.AssemblyDirectory(typeof(KubernetesScenario).Assembly)), feature.FeatureInfo.FolderPath, "manifests");

    public async Task StartAsync(CancellationToken ct = default)
    {
        var env = Environment;
        var kubeconfig = env.RequireCluster();
        Namespace = $"{env.Id}-{Interlocked.Increment(ref _scenarios)}";
        _api = new ClusterApi(kubeconfig, evidence);
        _kubectl = new KubectlCommandLine(kubeconfig, Namespace, ManifestsDirectory, evidence);
        await _api.CreateNamespaceAsync(Namespace, RunLabels.For(env.Id), ct).ConfigureAwait(false);
    }

    /// <summary>After the scenario: diagnostics when it failed, then the namespace deleted and waited for (or kept, if asked).</summary>
    public async Task EndAsync(bool failed, CancellationToken ct = default)
    {
        if (_api is null) return;
        if (Watch is not null)
        {
            await Watch.DisposeAsync().ConfigureAwait(false);
            Watch = null;
        }

        if (failed)
        {
            foreach (var command in new[] { "kubectl get all -o wide", "kubectl get events --sort-by=.lastTimestamp", "kubectl describe pods" })
            {
                try { await Kubectl.RunAsync(command, Timeouts.Default.Exec, ct).ConfigureAwait(false); }
                catch (LabSpecsException) { }
            }
        }

        if (failed && System.Environment.GetEnvironmentVariable(KeepOnFailureVariable) == "1")
        {
            var how = $"kept namespace {Namespace} (-KeepOnFailure); remove it with: KUBECONFIG={Environment.Kubeconfig!.KubeconfigVariable} kubectl --context {Environment.Kubeconfig.Context} delete namespace {Namespace}";
            evidence.Record(new EvidenceItem(how, how, IsDiagnostic: true));
            Console.Error.WriteLine($"labspecs: {how}");
            return;
        }

        await _api.DeleteNamespaceAsync(Namespace, Timeouts.Default.Cleanup * 4, ct).ConfigureAwait(false);
    }

    /// <summary>Answers of requests made from inside the cluster; also what the shared HTTP steps check.</summary>
    public async Task<HttpAnswers> FetchAsync(string url, int count, string? fromPod = null, CancellationToken ct = default)
    {
        var pod = fromPod ?? await ClientPodAsync(ct).ConfigureAwait(false);
        var answers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            answers.Add(await Kubectl.FetchFromPodAsync(pod, url, ct).ConfigureAwait(false));
        }

        return new HttpAnswers($"pod {pod}", url, answers);
    }

    public async Task<string> ClientPodAsync(CancellationToken ct = default) =>
        (await Api.PodsQuietlyAsync(Namespace, ClientSelector, ct).ConfigureAwait(false)).Items.FirstOrDefault(PodFacts.IsReady)?.Metadata.Name
        ?? throw new LabSpecsException($"no ready pod labelled {ClientSelector} in {Namespace} to make requests from");

    public Task<int> NodePortAsync(string service, CancellationToken ct = default) => Api.NodePortAsync(Namespace, service, ct);

    /// <summary>The API client goes with the scenario; the pod watch was stopped by <see cref="EndAsync"/>.</summary>
    public void Dispose() => _api?.Dispose();

    private static LabSpecsException NotStarted() =>
        new("the scenario's namespace does not exist: the feature's environment is not a reachable Kubernetes cluster");
}
