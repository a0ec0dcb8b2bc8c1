using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Hooks;

/// <summary>
/// Before the first scenario of a feature that has an environment: records what it runs on (provider, kernel, Docker
/// version per host, capabilities missing) so the report can show the facts of this run, not of some other machine.
/// </summary>
[Binding]
public sealed class EnvironmentFactsHooks(FeatureContext feature, IEvidenceSink evidence)
{
    private const string RecordedKey = "LabSpecs.EnvironmentFactsRecorded";

    [BeforeScenario(Order = 10)]
    public async Task RecordEnvironmentFactsAsync()
    {
        if (FeatureEnvironment.TryOf(feature) is not { } env || feature.ContainsKey(RecordedKey)) return;
        feature[RecordedKey] = true;
        var facts = await FactsAsync(env).ConfigureAwait(false);
        evidence.Record(new EvidenceItem($"environment {env.Id}",
            $"{facts.Topology} ({facts.Provider}, kernel {facts.Kernel}): " +
            string.Join(", ", facts.Hosts.Select(h => $"{h.Name} {h.Address} docker {h.DockerVersion}"))) { Environment = facts });
    }

    private static async Task<EnvironmentFacts> FactsAsync(ILabEnvironment env)
    {
        // every host is asked at once: one after another, a swarm's four hosts add up (README.md, "What each change bought")
        var answers = await Task.WhenAll(env.Hosts.Select(AskAsync)).ConfigureAwait(false);
        var kernel = answers.Select(a => a.Kernel).FirstOrDefault(k => k != "?") ?? "?";
        var hosts = env.Hosts.Zip(answers, (h, a) => new HostFacts(h.Name, h.Address.ToString(), a.Version)).ToList();
        return new EnvironmentFacts(env.Id, env.Topology.Name, env.Topology.Provider, env.Topology.Subnet.ToString(), kernel, hosts,
            env.Capabilities.Missing);
    }

    private static async Task<(string Kernel, string Version)> AskAsync(ILabHost h)
    {
        try
        {
            var r = await h.ExecAsync("uname -r; docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'", Timeouts.Default.Exec)
                .ConfigureAwait(false);
            var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return (lines.Length > 0 ? lines[0] : "?", lines.Length > 1 ? lines[1] : "?");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ("?", $"(could not ask: {e.Message.Split('\n')[0]})");
        }
    }
}
