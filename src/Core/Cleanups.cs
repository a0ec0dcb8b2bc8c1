namespace LabSpecs.Core;

/// <summary>How dear an undo is. Costly (seconds: an engine restart, leaving a swarm, stopping a cluster) is worth replacing
/// a replaceable environment for; measured per cleanup in the report ("cleanup" evidence) and in bench/.</summary>
public enum CleanupCost
{
    Cheap,
    Costly,
}

/// <summary>
/// Where a driver that creates or changes something registers its undo, when it makes the change: the scenario undoes them
/// in reverse order after it ends, pass or fail, each within the cleanup timeout.
/// </summary>
public interface ICleanupRegistry
{
    /// <param name="timeout">the undo's own time when it needs more than the cleanup timeout (kubeadm reset); null: the cleanup timeout</param>
    void RegisterCleanup(string what, Func<CancellationToken, Task> undo, CleanupCost cost = CleanupCost.Cheap, TimeSpan? timeout = null);
}

/// <summary>Where a driver notes each container it starts (on any host), so failure diagnostics can inspect it and show its logs.</summary>
public interface IContainerLog
{
    void Started(string host, string container, string? id = null);
}
