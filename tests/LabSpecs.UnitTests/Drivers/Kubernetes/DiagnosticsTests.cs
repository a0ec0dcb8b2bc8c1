using k8s.Models;
using LabSpecs.Drivers.Kubernetes;
using NUnit.Framework;
using Shouldly;
using static LabSpecs.UnitTests.Drivers.Kubernetes.Pods;

namespace LabSpecs.UnitTests.Drivers.Kubernetes;

/// <summary>
/// What a failed or stuck scenario shows. Waiting reasons are the kubelet's: ErrImagePull and ImagePullBackOff
/// (kubernetes/kubernetes pkg/kubelet/images/types.go), CrashLoopBackOff (pkg/kubelet/container/sync_result.go); a registry's
/// rate limit reaches the message as the registry's error code "toomanyrequests". Namespace conditions are the namespace
/// controller's (pkg/controller/namespace/deletion/namespaced_resources_deleter.go, NamespaceDeletionDiscoveryFailure).
/// </summary>
public sealed class DiagnosticsTests
{
    private const string RateLimited =
        "rpc error: code = Unknown desc = failed to pull and unpack image \"docker.io/xiaopeng163/docker-flask-demo:1.0\": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/xiaopeng163/docker-flask-demo/manifests/sha256:0000: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.";

    [Test]
    public void The_pod_table_of_a_wait_names_each_container_waiting_reason_and_its_message()
    {
        var table = ClusterApi.PodTable([Waiting("web", "xiaopeng163/docker-flask-demo:1.0", "ErrImagePull", RateLimited), Ready("redis", "redis:7")]);

        table.ShouldContain("ErrImagePull");
        table.ShouldContain("toomanyrequests");
    }

    [Test]
    public void The_diagnostics_of_a_failed_scenario_have_logs_previous_logs_of_restarted_pods_and_endpoints()
    {
        var crashing = Waiting("web-x1", "xiaopeng163/docker-flask-demo:1.0", "CrashLoopBackOff", "back-off 40s restarting failed container=web pod=web-x1", restarts: 3);

        var commands = ScenarioDiagnostics.Commands([Ready("redis", "redis:7"), crashing]);

        commands.ShouldContain("kubectl logs redis --all-containers");
        commands.ShouldContain("kubectl logs web-x1 --all-containers --previous");
        commands.ShouldContain("kubectl get endpoints");
        commands.ShouldNotContain("kubectl logs redis --all-containers --previous");
    }

    [TestCase("Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request")]
    [TestCase("metrics.k8s.io/v1beta1: stale GroupVersion discovery")]
    public void A_namespace_stuck_on_a_broken_aggregated_api_names_the_apiservice(string message)
    {
        var ns = new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = "ls-abc123-1" },
            Spec = new V1NamespaceSpec { Finalizers = ["kubernetes"] },
            Status = new V1NamespaceStatus
            {
                Phase = "Terminating",
                Conditions = [new V1NamespaceCondition { Type = "NamespaceDeletionDiscoveryFailure", Status = "True", Reason = "DiscoveryFailed", Message = message }],
            },
        };

        var stuck = NamespaceFacts.Stuck(ns, [], []);

        stuck.ShouldContain("APIService v1beta1.metrics.k8s.io");
        stuck.ShouldContain("kubectl get apiservice v1beta1.metrics.k8s.io");
    }
}
