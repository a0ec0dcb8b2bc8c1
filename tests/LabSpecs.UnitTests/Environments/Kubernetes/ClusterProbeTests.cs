using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Autorest;
using LabSpecs.Environments.Kubernetes;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments.Kubernetes;

/// <summary>
/// Why a cluster cannot be used, as the skipped scenarios say it: refused credentials (401), missing permission (403) and an
/// API server that cannot be reached are told apart. The Status bodies are what the API server writes:
/// 401 from kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/filters/authentication.go (Unauthorized:
/// ErrorNegotiated(apierrors.NewUnauthorized("Unauthorized"))), 403 from
/// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go (Forbidden: apierrors.NewForbidden with
/// forbiddenMessage "User %q cannot %s resource %q in API group %q at the cluster scope"), serialized as metav1.Status.
/// </summary>
public sealed class ClusterProbeTests
{
    private const string Server = "https://127.0.0.1:6443";

    private const string Unauthorized401 =
        """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""";

    private const string Forbidden403 =
        """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"nodes is forbidden: User \"lab-reader\" cannot list resource \"nodes\" in API group \"\" at the cluster scope","reason":"Forbidden","details":{"kind":"nodes"},"code":403}""";

    private static readonly ResolvedKubeconfig Kubeconfig =
        new(["/tmp/config"], "lab", Server, new KubernetesClientConfiguration { Host = Server }, "lab-reader");

    private static HttpOperationException Answered(HttpStatusCode status, string body) =>
        new($"Operation returned an invalid status code '{status}'")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(status), body),
        };

    [Test]
    public void A_401_says_the_cluster_refused_the_credentials()
    {
        var why = ClusterProbe.WhyUnusable(Answered(HttpStatusCode.Unauthorized, Unauthorized401), Kubeconfig, timedOut: false, TimeSpan.FromSeconds(30));

        why.ShouldContain("the cluster refused the credentials: 401 Unauthorized");
        why.ShouldContain("user lab-reader");
        why.ShouldContain(Server);
    }

    [Test]
    public void A_403_says_the_cluster_refused_us_listing_nodes_with_the_user_and_the_server_message()
    {
        var why = ClusterProbe.WhyUnusable(Answered(HttpStatusCode.Forbidden, Forbidden403), Kubeconfig, timedOut: false, TimeSpan.FromSeconds(30));

        why.ShouldContain("the cluster refused us: 403 Forbidden listing nodes (user lab-reader)");
        why.ShouldContain("cannot list resource \"nodes\"");
        why.ShouldNotContain("refused the credentials");
    }

    [Test]
    public void A_closed_port_says_the_server_could_not_be_reached_and_names_its_address()
    {
        var refused = new HttpRequestException("Connection refused (127.0.0.1:6443)", new SocketException((int)SocketError.ConnectionRefused));

        var why = ClusterProbe.WhyUnusable(refused, Kubeconfig, timedOut: false, TimeSpan.FromSeconds(30));

        why.ShouldContain($"could not reach the API server {Server}");
        why.ShouldContain("Connection refused");
        why.ShouldNotContain("refused us");
    }

    [Test]
    public void No_answer_in_time_says_so_with_the_address() =>
        ClusterProbe.WhyUnusable(new TaskCanceledException(), Kubeconfig, timedOut: true, TimeSpan.FromSeconds(30))
            .ShouldContain($"the API server {Server} did not answer within 30 s");
}
