using LabSpecs.Core;
using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Drivers.Underlay;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Kubernetes;

/// <summary>
/// Requests made right after something was created: retried while the answer is only "not yet" (recorded curl output for a
/// port nobody listens on, Recorded/Cli/curl-failed-to-connect.txt), the name of a new service awaited (CoreDNS caches NXDOMAIN: coredns plugin/cache, kubeadm's
/// Corefile "cache 30"), and what the answers say (the handbook's recorded answers).
/// </summary>
public sealed class InClusterAnswersTests
{
    private static string Read(string name) => LabSpecs.UnitTests.Drivers.Recorded.Read(Path.Combine("Kubernetes", name));

    private static Func<CancellationToken, Task<T>> Sequence<T>(params T[] values)
    {
        var i = 0;
        return _ => Task.FromResult(values[Math.Min(i++, values.Length - 1)]);
    }

    [Test]
    public async Task A_node_port_fetch_before_kube_proxy_programmed_the_rule_is_retried_until_the_app_answers()
    {
        var refused = LabSpecs.UnitTests.Drivers.Recorded.Read(Path.Combine("Cli", "curl-failed-to-connect.txt")).Trim();
        var hello = Read("curl-web-after-redis-service-1.5.txt").Split('\n').First(l => l.StartsWith("Hello", StringComparison.Ordinal));
        var evidence = new EvidenceLog();

        var answer = await InClusterAnswers.FetchAsync("port 31000 of node-1 answers", Sequence(refused, refused, hello), TimeSpan.FromSeconds(10), evidence);

        answer.ShouldBe(hello);
        evidence.Items.ShouldContain(i => (i.Title + i.Content).Contains("after 3 attempt", StringComparison.Ordinal), string.Join('\n', evidence.Items.Select(i => i.Content)));
    }

    [Test]
    public async Task The_flask_error_page_before_the_redis_service_exists_is_an_answer_not_retried()
    {
        var error = Read("curl-web-before-redis-service-1.5.txt").Split('\n').First(l => l.Contains("ConnectionError", StringComparison.Ordinal));

        var answer = await InClusterAnswers.FetchAsync("port 5000 of web answers", Sequence(error, "never asked"), TimeSpan.FromSeconds(10));

        answer.ShouldBe(error);
        InClusterAnswers.AllConnectionErrorsTo(new HttpAnswers("web", "http://127.0.0.1:5000/", [answer]), "redis:6379").ShouldBeTrue();
        InClusterAnswers.IsConnectionErrorTo(answer, "db:5432").ShouldBeFalse();
        InClusterAnswers.AllConnectionErrorsTo(new HttpAnswers("web", "http://127.0.0.1:5000/", [answer, "curl: (7) Failed to connect"]), "redis:6379").ShouldBeFalse();
        InClusterAnswers.AllConnectionErrorsTo(new HttpAnswers("web", "http://127.0.0.1:5000/", []), "redis:6379").ShouldBeFalse();
    }

    [Test]
    public async Task A_new_service_name_is_awaited_while_the_pod_still_gets_a_cached_nxdomain()
    {
        var notFound = new ExecResult("getent hosts redis", "web", 2, "", "", TimeSpan.FromMilliseconds(20));
        var found = new ExecResult("getent hosts redis", "web", 0, "10.96.0.12      redis.ls-abc123-1.svc.cluster.local\n", "", TimeSpan.FromMilliseconds(20));

        var outcome = await InClusterAnswers.WaitUntilNameResolvesAsync("redis", "web", Sequence(notFound, notFound, found), TimeSpan.FromSeconds(10));

        outcome.Attempts.ShouldBe(3);
        outcome.Value.Stdout.ShouldContain("redis.ls-abc123-1.svc.cluster.local");
    }

    [Test]
    public void After_the_rolling_update_the_answers_come_from_two_different_pods()
    {
        var answers = new HttpAnswers("web", "http://node-1:31000/", Read("curl-web-2.0-1.5.txt").Split('\n').Where(l => l.StartsWith("Hello", StringComparison.Ordinal)).ToList());

        InClusterAnswers.DistinctHostnames(answers).ShouldBe(2, answers.Describe());
        InClusterAnswers.DistinctHostnames(answers with { Answers = answers.Answers.Take(1).ToList() }).ShouldBe(1);
    }
}
