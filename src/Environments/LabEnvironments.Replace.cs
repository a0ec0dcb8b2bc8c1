using LabSpecs.Core;

namespace LabSpecs.Environments;

/// <summary>
/// Replacing an environment instead of undoing a scenario's costly changes (see <see cref="ILabEnvironment.Replaceable"/>).
/// After the first replacement of a topology a spare of it is made in the background, so the next one is ready at once;
/// the replaced environment is removed in the background too.
/// </summary>
public static partial class LabEnvironments
{
    private static readonly Dictionary<string, Task<ILabEnvironment>> Spares = new(StringComparer.Ordinal);
    private static readonly List<Task> Removals = [];

    /// <summary>A clean environment of <paramref name="env"/>'s topology (a spare if one is ready); <paramref name="env"/> is removed.</summary>
    public static async Task<ILabEnvironment> ReplaceAsync(ILabEnvironment env, IEvidenceSink? progress = null, CancellationToken ct = default)
    {
        if (!env.Replaceable) throw new LabSpecsException($"Environment {env.Id} cannot be replaced (its provider's hosts are not disposable); undo its changes instead.");
        var topology = env.Topology.Name;
        Task<ILabEnvironment>? spare;
        lock (Gate)
        {
            if (Spares.Remove(topology, out spare) && spare.IsFaulted) spare = null;
        }

        var fresh = spare is not null
            ? await spare.WaitAsync(ct).ConfigureAwait(false)
            : await GetAsync(topology, progress, ct).ConfigureAwait(false);
        lock (Gate)
        {
            Removals.Add(RemoveAsync(env));
            Spares[topology] = Task.Run(() => GetAsync(topology, NullEvidenceSink.Instance, CancellationToken.None));
        }

        return fresh;
    }

    /// <summary>Waits for spares being made and replaced environments being removed (before <see cref="DisposeAllAsync"/>).</summary>
    public static async Task SettleAsync()
    {
        Task[] pending;
        lock (Gate)
        {
            pending = [.. Spares.Values, .. Removals];
            Spares.Clear();
            Removals.Clear();
        }

        // A spare that failed to start needs no cleanup (its creation already removed what it made); others are in All.
        try { await Task.WhenAll(pending).ConfigureAwait(false); }
        catch (Exception e) { Console.Error.WriteLine($"labspecs: a spare environment or a removal failed: {e.Message}"); }
    }
}
