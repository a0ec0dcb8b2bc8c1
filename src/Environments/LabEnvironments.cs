using System.Runtime.InteropServices;
using LabSpecs.Core;

namespace LabSpecs.Environments;

/// <summary>
/// This run's <see cref="EnvironmentPool"/> and what it is made from: the environment file, the inventory, the providers
/// of <see cref="ProviderRegistry"/>, the reaper and the exit handlers (environments are removed when the process ends
/// normally, on Ctrl-C (SIGINT) and on SIGTERM; a kill -9 leaves them to the reaper).
/// </summary>
public static class LabEnvironments
{
    private static readonly Lock Gate = new();
    private static readonly List<PosixSignalRegistration> Signals = [];
    private static readonly Lazy<EnvironmentPool> RunPool = new(() => NewPool(PoolPolicies.FromEnvironment()));

    /// <summary>A pool of this run's topologies and providers with the given policies (the run's is <see cref="Pool"/>).</summary>
    public static EnvironmentPool NewPool(PoolPolicies policies) => new(
        new PoolSeams(Resolve, spec => ProviderRegistry.Create(spec.Provider),
            ct => Task.WhenAll(ProviderRegistry.Names.Select(n => ProviderRegistry.Create(n).SweepLeftoversAsync(ct))), BeforeFirstEnvironment),
        policies);

    /// <summary>The run's pool.</summary>
    public static EnvironmentPool Pool => RunPool.Value;

    /// <summary>The environment file topologies come from; default <see cref="EnvironmentFile.DefaultPath"/>.</summary>
    public static string? EnvironmentFilePath { get; set; }

    /// <summary>Makes every topology with hosts with this provider (-Provider vm, LABSPECS_PROVIDER); null: each topology's own.</summary>
    public static string? ProviderOverride { get; set; } = Environment.GetEnvironmentVariable(ProviderVariable) is { Length: > 0 } p ? p : null;

    public const string ProviderVariable = "LABSPECS_PROVIDER";

    /// <summary>
    /// The topology as this run makes it: from the environment file, made by the run's provider (-Provider, or one the run's
    /// settings choose, like -Inventory FILE) or else the file's, and bound by that provider (<see cref="ILabEnvironmentProvider.Bind"/>).
    /// </summary>
    public static TopologySpec Resolve(string topology)
    {
        var spec = EnvironmentFile.Topology(topology, EnvironmentFilePath);
        if (spec.Hosts.Count == 0) return spec;
        spec = WithProvider(spec, ProviderOverride ?? ProviderRegistry.Names.FirstOrDefault(n => ProviderRegistry.Create(n).ChosenByRun));
        return ProviderRegistry.Create(spec.Provider).Bind(spec);
    }

    /// <summary><paramref name="spec"/> made by <paramref name="provider"/> instead of its own (topologies with hosts only); an unknown name fails listing the valid ones.</summary>
    public static TopologySpec WithProvider(TopologySpec spec, string? provider)
    {
        if (provider is null || spec.Hosts.Count == 0 || provider == spec.Provider) return spec;
        if (!ProviderRegistry.IsKnown(provider) || !ProviderRegistry.HostsInFile(provider))
        {
            throw new LabSpecsException($"{ProviderVariable}={provider}: not a provider of hosts; valid: {string.Join(", ", ProviderRegistry.Names.Where(ProviderRegistry.HostsInFile))}");
        }

        return spec with { Provider = provider };
    }

    /// <summary>An environment of <paramref name="topology"/> from the run's pool, outside any lease (tests, <c>env hold</c>).</summary>
    public static Task<ILabEnvironment> GetAsync(string topology, IEvidenceSink? progress = null, CancellationToken ct = default) =>
        Pool.GetAsync(topology, progress, ct);

    public static Task ReleaseAsync(ILabEnvironment env, CancellationToken ct = default) => Pool.ReleaseAsync(env, ct);

    public static Task RemoveAsync(ILabEnvironment env) => Pool.RemoveAsync(env);

    public static Task DisposeAllAsync() => RunPool.IsValueCreated ? Pool.DisposeAllAsync() : Task.CompletedTask;

    private static void BeforeFirstEnvironment()
    {
        lock (Gate) { InstallExitHandlers(); }
        Reaper.EnsureStarted();
    }

    private static void InstallExitHandlers()
    {
        if (Signals.Count > 0) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAllNow();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            Signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // Tear down on another thread (blocking the signal thread would stall child-process bookkeeping),
                // then end the process as the signal would have.
                context.Cancel = true;
                var code = 128 + (context.Signal == PosixSignal.SIGINT ? 2 : 15);
                _ = Task.Run(() =>
                {
                    DisposeAllNow();
                    Environment.Exit(code);
                });
            }));
        }
    }

    private static void DisposeAllNow()
    {
        try { DisposeAllAsync().GetAwaiter().GetResult(); }
        catch (Exception e) { Console.Error.WriteLine($"labspecs: cleanup on exit failed: {e.Message}"); }
    }
}
