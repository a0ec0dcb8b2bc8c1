using System.Diagnostics;
using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Environments.Embedded;

namespace LabSpecs.Cli;

/// <summary>
/// <c>labspecs bench channels [N]</c>: the cost of one host command on each channel — the same command N times on one
/// embedded host through nsenter and through its reused SSH session — printed as min/median/max in milliseconds and a ratio.
/// </summary>
internal static class BenchCommands
{
    public static async Task<int> ChannelsAsync(int runs, CancellationToken ct)
    {
        var topology = EnvironmentFile.Topology("single-host");
        var figures = new Dictionary<string, double[]>();
        foreach (var channel in new[] { HostChannel.Nsenter, Channels.Ssh })
        {
            Environment.SetEnvironmentVariable(HostChannel.Variable, channel);
            await using var env = await new EmbeddedProvider().CreateAsync(topology, NullEvidenceSink.Instance, ct);
            var host = env.Host("docker-host");
            (await host.ExecAsync("true", ct: ct)).EnsureSuccess(); // warm-up: the SSH session is opened here
            var ms = new double[runs];
            for (var i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                (await host.ExecAsync("true", ct: ct)).EnsureSuccess();
                ms[i] = clock.Elapsed.TotalMilliseconds;
            }

            Array.Sort(ms);
            figures[channel] = ms;
            Console.WriteLine($"per command, {channel,-7} ({runs} runs of 'true'): min {ms[0]:0.0} ms, median {Median(ms):0.0} ms, max {ms[^1]:0.0} ms");
        }

        Console.WriteLine($"per command, ssh / nsenter median ratio: {Median(figures[Channels.Ssh]) / Median(figures[HostChannel.Nsenter]):0.00} " +
                          $"(goal: ssh <= 15 ms per command over a reused session)");
        return 0;
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
