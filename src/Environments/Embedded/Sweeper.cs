namespace LabSpecs.Environments.Embedded;

/// <summary>
/// Finds environments left by killed runs (by ledger: owner PID + start time) and removes them. An environment whose owner
/// lives (another run on this machine, or a detached <c>labspecs env up</c>) is never touched unless <c>all</c> is asked.
/// </summary>
public static class Sweeper
{
    /// <summary>An environment without a ledger this young may still be being created (the ledger is its first file).</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public static async Task<int> SweepAsync(bool all, CancellationToken ct = default)
    {
        // all at once: a killed run's spares and look-ahead leave several environments, and each teardown mostly waits
        // (processes to exit, namespaces to go), so waiting on them together is far shorter (README "What each change bought")
        var removed = (await Task.WhenAll(Teardown.KnownIds().Where(id => all || IsAbandoned(id))
            .Select(id => Teardown.RemoveAsync(id, ct))).ConfigureAwait(false)).Sum();

        await Teardown.EmptyTrashAsync(ct).ConfigureAwait(false);

        return removed;
    }

    public static bool IsAbandoned(string id)
    {
        var paths = new LabPaths(id);
        var ledger = Ledger.TryRead(paths.LedgerFile);
        if (ledger is not null) return !ledger.OwnerAlive;
        var stamps = new[] { paths.State, paths.Runtime }.Where(Directory.Exists).Select(Directory.GetLastWriteTimeUtc).ToList();
        return stamps.Count == 0 || DateTime.UtcNow - stamps.Max() > Grace;
    }
}
