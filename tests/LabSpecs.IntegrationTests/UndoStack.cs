using LabSpecs.Core;

namespace LabSpecs.IntegrationTests;

/// <summary>What a scenario does with the undos drivers register: keeps them, and runs them in reverse order when asked.</summary>
internal sealed class UndoStack : ICleanupRegistry
{
    private readonly List<(string What, Func<CancellationToken, Task> Undo)> _undos = [];

    public IReadOnlyList<string> Registered => _undos.Select(u => u.What).ToList();

    public void RegisterCleanup(string what, Func<CancellationToken, Task> undo, CleanupCost cost = CleanupCost.Cheap, TimeSpan? timeout = null) => _undos.Add((what, undo));

    public async Task UndoAllAsync()
    {
        for (var i = _undos.Count - 1; i >= 0; i--) await _undos[i].Undo(CancellationToken.None);
        _undos.Clear();
    }
}
