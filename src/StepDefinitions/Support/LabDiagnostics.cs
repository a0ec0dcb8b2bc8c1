using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Drivers.Diagnostics;
using LabSpecs.Drivers.Docker;
using LabSpecs.Environments;

namespace LabSpecs.Specs.Support;

/// <summary>
/// What a reader needs to understand a failed lab, from every running host of the environment, attached to the report as
/// diagnostic evidence: the drivers' collector (docker inspect and logs of the containers the scenario started on that host, ip addr, ip route,
/// iptables-save, bridge link, bridge fdb) plus the container and network lists and brctl show, as the handbook reads them.
/// </summary>
public static class LabDiagnostics
{
    private static readonly string[] HandbookViews = ["docker ps -a", "docker network ls", "brctl show"];

    public static async Task CollectAsync(ILabEnvironment env, IReadOnlyList<StartedContainer> containers, IEvidenceSink evidence, CancellationToken ct = default)
    {
        foreach (var host in env.Hosts)
        {
            var names = containers.Where(c => c.Host == host.Name).Select(c => c.Name).Distinct().ToList();
            // quiet runs: each result becomes one diagnostic item
            var shell = new HostShell(host, evidence);
            foreach (var command in HandbookViews)
            {
                try
                {
                    var r = await shell.QuietAsync(command, Timeouts.Default.Exec, ct).ConfigureAwait(false);
                    evidence.Record(new EvidenceItem($"[{host.Name}] {command}", r.ToTranscript(), IsDiagnostic: true) { Command = r });
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    evidence.Record(new EvidenceItem($"[{host.Name}] {command}", $"(could not collect: {e.Message})", IsDiagnostic: true));
                }
            }

            using var docker = DockerEngine.For(host, env.Id, NullEvidenceSink.Instance);
            await new DiagnosticsCollector(shell, docker).CollectIntoAsync(evidence, names, ct).ConfigureAwait(false);
        }
    }
}
