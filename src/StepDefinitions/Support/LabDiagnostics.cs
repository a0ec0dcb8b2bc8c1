using LabSpecs.Core;
using LabSpecs.Environments;

namespace LabSpecs.Specs.Support;

/// <summary>
/// What a reader needs to understand a failed lab, collected from every host of the environment and attached to the report
/// as diagnostic evidence: containers and their logs, networks, addresses, routes, bridges, iptables.
/// </summary>
public static class LabDiagnostics
{
    private static readonly string[] HostCommands =
    [
        "docker ps -a",
        "docker network ls",
        "ip addr",
        "ip route",
        "brctl show",
        "iptables-save",
    ];

    public static async Task CollectAsync(ILabEnvironment env, IEnumerable<string> containers, IEvidenceSink evidence, CancellationToken ct = default)
    {
        var names = containers.ToList();
        foreach (var host in env.Hosts)
        {
            var commands = HostCommands.ToList();
            if (names.Count > 0)
            {
                var list = string.Join(' ', names.Select(LocalProcess.Quote));
                commands.Add($"docker inspect {list}");
                commands.AddRange(names.Select(n => $"docker logs --tail 50 {LocalProcess.Quote(n)}"));
            }

            foreach (var command in commands)
            {
                try
                {
                    var r = await host.ExecAsync(command, Timeouts.Default.Exec, ct).ConfigureAwait(false);
                    evidence.Record(new EvidenceItem($"{host.Name}: {command}", r.ToTranscript(), IsDiagnostic: true));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    evidence.Record(new EvidenceItem($"{host.Name}: {command}", $"could not collect: {e.Message}", IsDiagnostic: true));
                }
            }
        }
    }
}
