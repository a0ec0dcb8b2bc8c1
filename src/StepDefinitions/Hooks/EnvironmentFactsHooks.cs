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

    private async Task<EnvironmentFacts> FactsAsync(ILabEnvironment env)
    {
        // every host is asked at once: one after another, a swarm's four hosts add up (README.md, "What each change bought")
        var kernels = Task.WhenAll(env.Hosts.Select(KernelAsync));
        var versions = await VersionsAsync(env).ConfigureAwait(false);
        var kernel = (await kernels.ConfigureAwait(false)).FirstOrDefault(k => k != "?") ?? "?";
        var hosts = env.Hosts.Select((h, i) => new HostFacts(h.Name, h.Address.ToString(), versions[i])).ToList();
        return new EnvironmentFacts(env.Id, env.Topology.Name, env.Topology.Provider, env.Topology.Subnet.ToString(), kernel, hosts,
            env.Capabilities.Missing);
    }

    /// <summary>Each host's engine version, asked once per environment (<see cref="EngineVersions"/>), or why it could not be.</summary>
    private async Task<IReadOnlyList<string>> VersionsAsync(ILabEnvironment env)
    {
        try
        {
            return (await EngineVersions.OfAsync(env, evidence).ConfigureAwait(false)).Select(v => v.ServerVersion).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return env.Hosts.Select(_ => $"(could not ask: {e.Message.Split('\n')[0]})").ToList();
        }
    }

    private static async Task<string> KernelAsync(ILabHost h)
    {
        try
        {
            var r = await h.ExecAsync("uname -r", Timeouts.Default.Exec).ConfigureAwait(false);
            return r.Succeeded && r.Stdout.Trim() is { Length: > 0 } k ? k : "?";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "?";
        }
    }
}
