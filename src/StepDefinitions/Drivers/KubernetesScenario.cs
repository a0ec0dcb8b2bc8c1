using System.Collections.Concurrent;
using LabSpecs.Core;
using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Drivers.Underlay;
using LabSpecs.Environments.Kubernetes;
using LabSpecs.Runner;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Drivers;

/// <summary>
/// One scenario on a Kubernetes cluster (the driver the Kubernetes steps get injected, one per scenario): its namespace — its own
/// <c>ls-&lt;run&gt;-&lt;n&gt;</c>, labelled with the run, made before and deleted after the scenario; or the topology's
/// <c>namespace:</c>, emptied of what the run labelled — the chapter's manifests with the user's image overrides and the run's
/// labels, the kubectl the reader types and the API driver for set-up and waits, and what the last command printed, typed.
/// </summary>
public sealed class KubernetesScenario(FeatureContext feature, IEvidenceSink evidence) : IDisposable
{
    public const string KeepOnFailureVariable = "LABSPECS_KEEP_ON_FAILURE";

    /// <summary>The pods requests are made from (the flask demo image has curl, like the handbook's nodes).</summary>
    public const string ClientSelector = "name=web";

    private static readonly Lazy<ImageMap> ImageOverrides = new(ImageMap.FromEnvironment);
    private static readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> PullChecks = new(StringComparer.Ordinal);
    private static int _scenarios;
    private ClusterApi? _api;
    private KubectlCommandLine? _kubectl;
    private KubectlRun? _last;
    private string? _manifestCopy;
    private string _runSelector = "";

    private static TimeSpan PodTimeout => Timeouts.Default.Provision * 2; // includes the first pull of an image on a node

    public KubernetesEnvironment Environment =>
        FeatureEnvironment.Of(feature) as KubernetesEnvironment
        ?? throw new LabSpecsException($"Feature '{feature.FeatureInfo.Title}' does not run on a Kubernetes cluster: tag it @k8s");

    public string Namespace { get; private set; } = "";

    /// <summary>False when the topology names a namespace the user has: the run only empties it of what it labelled.</summary>
    public bool OwnsNamespace => Environment.Topology.Cluster?.Namespace is null;

    public ClusterApi Api => _api ?? throw NotStarted();

    public KubectlCommandLine Kubectl => _kubectl ?? throw NotStarted();

    public ImageMap Images => ImageOverrides.Value;

    /// <summary>What the last kubectl command the reader typed printed.</summary>
    public KubectlRun Last => _last ?? throw new LabSpecsException("no kubectl command ran yet in this scenario");

    /// <summary>Pods watched while a command ran ("... while watching the pods labelled ...").</summary>
    public PodWatch? Watch { get; private set; }

    public string ManifestsDirectory =>
        Path.Combine(RunnerPaths.FeaturesDirectory(TestRun.AssemblyDirectory(typeof(KubernetesScenario).Assembly)), feature.FeatureInfo.FolderPath, "manifests");

    public async Task StartAsync(CancellationToken ct = default)
    {
        var env = Environment;
        var kubeconfig = env.RequireCluster();
        var n = Interlocked.Increment(ref _scenarios);
        var labels = RunLabels.For(env.Id);
        _runSelector = $"{RunLabels.Run}={env.Id}";
        Namespace = env.Topology.Cluster?.Namespace ?? $"{env.Id}-{n}";
        _manifestCopy = ScenarioManifests.Prepare(ManifestsDirectory, Path.Combine(Path.GetTempPath(), "labspecs-k8s", $"{env.Id}-{n}"), Images, labels);
        _api = new ClusterApi(kubeconfig, evidence);
        _kubectl = new KubectlCommandLine(kubeconfig, Namespace, _manifestCopy, evidence);
        if (OwnsNamespace) await _api.CreateNamespaceAsync(Namespace, labels, ct).ConfigureAwait(false);
        await EnsureImagesPullableAsync(labels, ct).ConfigureAwait(false);
    }

    /// <summary>Once per environment, before its first scenario: every chapter image pullable by the nodes, else every scenario skips with why.</summary>
    private async Task EnsureImagesPullableAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var list = Path.Combine(ManifestsDirectory, "..", "images.txt");
        if (!File.Exists(list)) return;
        var api = Api;
        var ns = Namespace;
        var failures = await PullChecks.GetOrAdd(Environment.Id, _ => new Lazy<Task<IReadOnlyList<string>>>(() =>
            ImagePullCheck.FailuresAsync(api, ns, Images.ChapterImages(list), labels, PodTimeout, CancellationToken.None))).Value.ConfigureAwait(false);
        if (failures.Count > 0)
        {
            throw new CapabilityMissingException("images",
                $"the cluster's nodes cannot pull {string.Join("; ", failures)} (replace images with {ImageMap.Variable}=FILE, see features/kubernetes/README.md)");
        }
    }

    /// <summary>A command as the reader typed it (images replaced by the user's overrides); a new service's name is awaited in the client pod.</summary>
    public async Task<ExecResult> RunAsync(string typed, CancellationToken ct = default)
    {
        var r = await Kubectl.RunAsync(Images.MapCommand(typed), ct: ct).ConfigureAwait(false);
        _last = new KubectlRun(r);
        if (r.Succeeded)
        {
            foreach (var service in _last.ServicesCreated) await WaitUntilNameResolvesAsync(service, ct).ConfigureAwait(false);
        }

        return r;
    }

    /// <summary>Runs a command while watching the pods of a selector (the rolling update's limits are read from the watch).</summary>
    public async Task<ExecResult> RunWhileWatchingAsync(string typed, string selector, CancellationToken ct = default)
    {
        Watch = await Api.WatchPodsAsync(Namespace, selector, ct).ConfigureAwait(false);
        Watch.StartCounting();
        return await RunAsync(typed, ct).ConfigureAwait(false);
    }

    /// <summary><c>kubectl create -f MANIFEST</c> from the scenario's copy of the manifests; must succeed.</summary>
    public Task<ExecResult> CreateAsync(string manifest, CancellationToken ct = default) => Kubectl.CreateAsync(manifest, ct);

    /// <summary>
    /// CoreDNS may still answer a pod with the NXDOMAIN it cached before the service existed (up to 30 s): waits, bounded,
    /// until the name resolves in the client pod (when there is one) and records the wait.
    /// </summary>
    private async Task WaitUntilNameResolvesAsync(string service, CancellationToken ct)
    {
        var client = (await Api.PodsQuietlyAsync(Namespace, ClientSelector, ct).ConfigureAwait(false)).Items.FirstOrDefault(PodFacts.IsReady)?.Metadata.Name;
        if (client is null) return;
        await InClusterAnswers.WaitUntilNameResolvesAsync(service, client,
            c => Kubectl.RunAsync($"kubectl exec {LocalProcess.Quote(client)} -- getent hosts {LocalProcess.Quote(service)}", Timeouts.Default.Exec, c),
            TimeSpan.FromSeconds(45), evidence, ct).ConfigureAwait(false);
    }

    /// <summary>Waits, watching, until the pods satisfy <paramref name="condition"/>; the timeout names each waiting container's reason.</summary>
    public Task<IReadOnlyList<k8s.Models.V1Pod>> WaitForPodsAsync(string? selector, string description, Func<IReadOnlyList<k8s.Models.V1Pod>, bool> condition) =>
        Api.WaitForPodsAsync(Namespace, selector, description, condition, PodTimeout);

    public Task<IReadOnlyList<k8s.Models.V1Pod>> PodsAsync(string? selector = null) => Api.PodsAsync(Namespace, selector).ContinueWith(t => (IReadOnlyList<k8s.Models.V1Pod>)t.Result.Items.ToList(), TaskScheduler.Default);

    /// <summary>Waits until the scenario's namespace holds nothing of the lab's kinds (in a shared namespace: nothing the run labelled).</summary>
    public Task WaitUntilEmptyAsync() => Api.WaitUntilEmptyAsync(Namespace, Timeouts.Default.Cleanup * 2, OwnsNamespace ? null : _runSelector);

    /// <summary>After the scenario: diagnostics when it failed, then the namespace deleted (or emptied of what the run labelled), or kept if asked.</summary>
    public async Task EndAsync(bool failed, CancellationToken ct = default)
    {
        if (_api is null) return;
        if (Watch is not null)
        {
            await Watch.DisposeAsync().ConfigureAwait(false);
            Watch = null;
        }

        if (failed) await DiagnoseAsync(ct).ConfigureAwait(false);

        if (failed && System.Environment.GetEnvironmentVariable(KeepOnFailureVariable) == "1")
        {
            var delete = OwnsNamespace ? $"delete namespace {Namespace}" : $"delete deployments,replicationcontrollers,services,pods -n {Namespace} -l {_runSelector}";
            var how = $"kept {(OwnsNamespace ? "namespace " + Namespace : $"what the run made in namespace {Namespace}")} (-KeepOnFailure); remove it with: KUBECONFIG={Environment.Kubeconfig!.KubeconfigVariable} kubectl --context {Environment.Kubeconfig.Context} {delete}";
            evidence.Record(new EvidenceItem(how, how, IsDiagnostic: true));
            Console.Error.WriteLine($"labspecs: {how}");
            return;
        }

        if (OwnsNamespace) await _api.DeleteNamespaceAsync(Namespace, Timeouts.Default.Cleanup * 4, ct).ConfigureAwait(false);
        else await _api.DeleteLabelledAsync(Namespace, _runSelector, Timeouts.Default.Cleanup * 4, ct).ConfigureAwait(false);
        if (_manifestCopy is not null && Directory.Exists(_manifestCopy)) Directory.Delete(_manifestCopy, recursive: true);
    }

    private async Task DiagnoseAsync(CancellationToken ct)
    {
        IReadOnlyList<k8s.Models.V1Pod> pods;
        try { pods = (await _api!.PodsQuietlyAsync(Namespace, null, ct).ConfigureAwait(false)).Items.ToList(); }
        catch (Exception e) when (e is not OperationCanceledException) { pods = []; }

        foreach (var command in ScenarioDiagnostics.Commands(pods))
        {
            try { await Kubectl.RunAsync(command, Timeouts.Default.Exec, ct).ConfigureAwait(false); }
            catch (LabSpecsException) { }
        }
    }

    /// <summary>Answers of requests made from inside the cluster (each retried, bounded, while it is only "not yet"); also what the shared HTTP steps check.</summary>
    public async Task<HttpAnswers> FetchAsync(string url, int count, string? fromPod = null, CancellationToken ct = default)
    {
        var pod = fromPod ?? await ClientPodAsync(ct).ConfigureAwait(false);
        var answers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            answers.Add(await InClusterAnswers.FetchAsync($"{url} answers from pod {pod}", c => Kubectl.FetchFromPodAsync(pod, url, c),
                Timeouts.Default.Assert, evidence, ct).ConfigureAwait(false));
        }

        return new HttpAnswers($"pod {pod}", url, answers);
    }

    /// <summary>
    /// The node port of a service fetched on every node's address: from a pod (as the handbook's node w3 did), and from this
    /// machine too — as the handbook's reader does from outside the cluster — for each node this machine can connect to.
    /// </summary>
    public async Task<HttpAnswers> FetchNodePortOnEveryNodeAsync(string service, CancellationToken ct = default)
    {
        var port = await NodePortAsync(service, ct).ConfigureAwait(false);
        var answers = new List<string>();
        foreach (var node in Environment.Nodes)
        {
            var url = $"http://{node.Address}:{port}/";
            answers.AddRange((await FetchAsync(url, 1, ct: ct).ConfigureAwait(false)).Answers);
            if (await OutsideFetch.FromThisMachineAsync(url, node.Address, port, evidence, ct).ConfigureAwait(false) is { } outside) answers.Add(outside);
        }

        return new HttpAnswers("a web pod and this machine", $"port {port} of {string.Join(", ", Environment.Nodes.Select(n => n.Address))}", answers);
    }

    public async Task<HttpAnswers> FetchNodePortAsync(string service, int times, CancellationToken ct = default) =>
        await FetchAsync($"http://{Environment.Nodes[0].Address}:{await NodePortAsync(service, ct).ConfigureAwait(false)}/", times, ct: ct).ConfigureAwait(false);

    public async Task<string> ClientPodAsync(CancellationToken ct = default) =>
        (await Api.PodsQuietlyAsync(Namespace, ClientSelector, ct).ConfigureAwait(false)).Items.FirstOrDefault(PodFacts.IsReady)?.Metadata.Name
        ?? throw new LabSpecsException($"no ready pod labelled {ClientSelector} in {Namespace} to make requests from");

    public Task<int> NodePortAsync(string service, CancellationToken ct = default) => Api.NodePortAsync(Namespace, service, ct);

    /// <summary>
    /// The handbook runs <c>docker ps</c> on the node of the redis pod. A kubernetes topology reaches its nodes only through the
    /// API — it has no SSH host on which to run <c>crictl ps</c> — so the scenario is skipped, naming the node and why.
    /// </summary>
    public async Task ContainersOnTheNodeOfAsync(string pod, CancellationToken ct = default)
    {
        var node = (await Api.PodsQuietlyAsync(Namespace, null, ct).ConfigureAwait(false)).Items.SingleOrDefault(p => p.Metadata.Name == pod)?.Spec?.NodeName
            ?? throw new LabSpecsException($"no pod {pod} in namespace {Namespace}");
        throw new CapabilityMissingException("node-shell",
            $"the handbook's docker ps on {node} (the node of pod {pod}) is not done: topology '{Environment.Topology.Name}' reaches the cluster's nodes only through the API, not over SSH (crictl ps would run there)");
    }

    /// <summary>The API client goes with the scenario; the pod watch was stopped by <see cref="EndAsync"/>.</summary>
    public void Dispose() => _api?.Dispose();

    private static LabSpecsException NotStarted() =>
        new("the scenario's namespace does not exist: the feature's environment is not a reachable Kubernetes cluster");
}
