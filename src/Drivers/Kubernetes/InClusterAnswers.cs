using LabSpecs.Core;
using LabSpecs.Drivers.Underlay;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>
/// What the scenarios read off the answers of requests made in the cluster, and which failures are only "not yet": curl's
/// "could not connect" (exit 7) before a pod's server listens or before kube-proxy has programmed a new node port (~1 s).
/// A flask error page ("connecting to redis:6379") is an answer, not a transient failure: the lab expects it before the
/// redis service exists.
/// </summary>
public static class InClusterAnswers
{
    public static bool IsTransient(string answer) =>
        answer.StartsWith("curl: (7)", StringComparison.Ordinal) || answer.Contains("Connection refused", StringComparison.Ordinal)
        || answer.StartsWith("curl: (56)", StringComparison.Ordinal);

    /// <summary>
    /// One request, repeated while its answer is transient (each attempt recorded by <see cref="Eventually"/>), at most
    /// <paramref name="timeout"/>; past it the wait fails, showing the answers it got.
    /// </summary>
    public static async Task<string> FetchAsync(string what, Func<CancellationToken, Task<string>> once, TimeSpan timeout,
        IEvidenceSink? evidence = null, CancellationToken ct = default)
    {
        var outcome = await Eventually.UntilAsync(what, once, a => !IsTransient(a), timeout, TimeSpan.FromMilliseconds(500),
            a => a, ct, evidence).ConfigureAwait(false);
        return outcome.Value;
    }

    /// <summary>
    /// Waits until a new service's name resolves inside a pod (<paramref name="lookup"/> is one <c>getent hosts NAME</c> there:
    /// exit 0 once it resolves). CoreDNS caches the NXDOMAIN a pod got before the service existed (kubeadm's Corefile
    /// "cache 30": up to 30 s), so the request right after <c>kubectl create -f db-svc.yml</c> can still fail by name.
    /// </summary>
    public static Task<WaitOutcome<ExecResult>> WaitUntilNameResolvesAsync(string name, string pod, Func<CancellationToken, Task<ExecResult>> lookup,
        TimeSpan timeout, IEvidenceSink? evidence = null, CancellationToken ct = default) =>
        Eventually.UntilAsync($"the name {name} resolves in pod {pod}", lookup, r => r.ExitCode == 0 && r.Stdout.Trim().Length > 0,
            timeout, TimeSpan.FromSeconds(1), r => r.ExitCode == 0 ? r.Stdout.Trim() : $"exit code {r.ExitCode} (not found)", ct, evidence);

    /// <summary>Every answer is the flask demo's error page for a connection to <paramref name="address"/> ("redis:6379").</summary>
    public static bool AllConnectionErrorsTo(HttpAnswers answers, string address) =>
        answers.Answers.Count > 0 && answers.Answers.All(a => IsConnectionErrorTo(a, address));

    /// <summary>One answer is the flask demo's error page for a connection to <paramref name="address"/>.</summary>
    public static bool IsConnectionErrorTo(string answer, string address) =>
        FlaskDemoAnswer.Parse(answer) == null && answer.Contains($"connecting to {address}", StringComparison.Ordinal);

    /// <summary>The hostnames the 2.0 demo answered with (null where an answer has none).</summary>
    public static IReadOnlyList<string?> Hostnames(HttpAnswers answers) => answers.Answers.Select(a => FlaskDemoAnswer.Parse(a)?.Hostname).ToList();

    /// <summary>How many different pods answered.</summary>
    public static int DistinctHostnames(HttpAnswers answers) => Hostnames(answers).Where(h => h is not null).Distinct(StringComparer.Ordinal).Count();
}
