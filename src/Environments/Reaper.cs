using LabSpecs.Environments.Embedded;
using System.Diagnostics;

namespace LabSpecs.Environments;

/// <summary>
/// A sidecar that outlives a killed test process (as Testcontainers' Ryuk does): `dotnet test` answers Ctrl-C by killing
/// the test host's whole process tree, so no handler in it runs. The reaper is started in its own session (not a
/// descendant), polls whether its owner still runs, and when the owner is gone removes what dead runs left, then exits.
/// A normal end of the run has already removed everything, so the reaper then finds nothing and just exits.
/// </summary>
public static class Reaper
{
    public const string CliAssembly = "labspecs.dll";

    /// <summary>LABSPECS_REAPER=0 starts no reaper (then the next run's sweep removes what a killed run left).</summary>
    public const string DisableVariable = "LABSPECS_REAPER";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static bool _started;

    /// <summary>Starts the reaper for this process once (when labspecs.dll sits next to the running assembly).</summary>
    public static void EnsureStarted()
    {
        lock (typeof(Reaper))
        {
            if (_started) return;
            _started = true;
        }

        if (Environment.GetEnvironmentVariable(DisableVariable) == "0") return;

        var cli = Path.Combine(AppContext.BaseDirectory, CliAssembly);
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"labspecs: no {CliAssembly} next to {AppContext.BaseDirectory}; leftovers of a killed run are removed at the next run instead");
            return;
        }

        var pid = Environment.ProcessId;
        var start = ProcessInfo.StartTime(pid);
        // setsid -f: new session, parent exits at once, so the reaper is nobody's descendant and survives a process-tree kill.
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = false };
        foreach (var a in new[] { "-f", "dotnet", cli, "reap", pid.ToString(), start.ToString() }) psi.ArgumentList.Add(a);
        using var launcher = Process.Start(psi);
        launcher?.WaitForExit(5000);
    }

    /// <summary>The reaper's loop (run by `labspecs reap PID STARTTIME`).</summary>
    public static async Task<int> WatchAsync(int ownerPid, long ownerStart, CancellationToken ct = default)
    {
        while (ProcessInfo.IsAlive(ownerPid, ownerStart))
        {
            await Task.Delay(Poll, ct).ConfigureAwait(false);
        }

        // A second pass a moment later: an owner killed while creating an environment may have had a launch in flight.
        var removed = await SweepAllProvidersAsync(ct).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        return removed + await SweepAllProvidersAsync(ct).ConfigureAwait(false);
    }

    private static async Task<int> SweepAllProvidersAsync(CancellationToken ct) =>
        (await Task.WhenAll(ProviderRegistry.Names.Select(n => ProviderRegistry.Create(n).SweepLeftoversAsync(ct))).ConfigureAwait(false)).Sum();
}
