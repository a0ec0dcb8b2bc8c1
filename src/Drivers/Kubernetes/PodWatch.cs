using k8s;
using k8s.Models;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>
/// A live view of the pods matching a selector, kept by a watch (list, then watch from its resourceVersion; re-listed when the
/// stream ends). Waits read it with <see cref="NextAsync"/>: each attempt of an <c>Eventually</c> is one change the API server
/// reported, so the report shows how the pods converged. It also records the extremes seen (for "one at a time" checks).
/// </summary>
public sealed class PodWatch : IAsyncDisposable
{
    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly string? _selector;
    private readonly PodCensus _census = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _first = true;
    private Task _loop = Task.CompletedTask;

    private PodWatch(IKubernetes client, string ns, string? selector)
    {
        _client = client;
        _namespace = ns;
        _selector = selector;
    }

    /// <summary>Most pods counted toward the rolling update's limit at once (see <see cref="PodCensus.MaxExisting"/>).</summary>
    public int MaxExisting { get { lock (_gate) return _census.MaxExisting; } }

    /// <summary>Most pods at once, terminating ones included.</summary>
    public int MaxIncludingTerminating { get { lock (_gate) return _census.MaxIncludingTerminating; } }

    /// <summary>Fewest ready pods at once since <see cref="StartCounting"/> (int.MaxValue before).</summary>
    public int MinReady { get { lock (_gate) return _census.MinReady; } }

    public static async Task<PodWatch> StartAsync(IKubernetes client, string ns, string? selector, CancellationToken ct)
    {
        var watch = new PodWatch(client, ns, selector);
        var version = await watch.ListAsync(ct).ConfigureAwait(false);
        watch._loop = Task.Run(() => watch.RunAsync(version));
        return watch;
    }

    public IReadOnlyList<V1Pod> Snapshot
    {
        get { lock (_gate) return _census.Pods; }
    }

    /// <summary>From now on <see cref="MinReady"/> tracks the fewest ready pods.</summary>
    public void StartCounting()
    {
        lock (_gate) _census.StartCounting();
    }

    /// <summary>The pods now on the first call; afterwards the pods after the next change, or after <paramref name="quiet"/> without one.</summary>
    public async Task<IReadOnlyList<V1Pod>> NextAsync(TimeSpan quiet, CancellationToken ct)
    {
        Task changed;
        lock (_gate)
        {
            if (_first)
            {
                _first = false;
                return _census.Pods;
            }

            changed = _changed.Task;
        }

        await Task.WhenAny(changed, Task.Delay(quiet, ct)).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        return Snapshot;
    }

    private async Task<string?> ListAsync(CancellationToken ct)
    {
        var list = await _client.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: _selector, cancellationToken: ct).ConfigureAwait(false);
        lock (_gate)
        {
            _census.Listed(list.Items);
            Changed();
        }

        return list.Metadata?.ResourceVersion;
    }

    private async Task RunAsync(string? version)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var (type, pod) in _client.CoreV1.WatchListNamespacedPodAsync(_namespace, labelSelector: _selector,
                                   resourceVersion: version, cancellationToken: _stop.Token).ConfigureAwait(false))
                {
                    lock (_gate)
                    {
                        _census.Apply(type, pod);
                        version = pod.Metadata.ResourceVersion ?? version;
                        Changed();
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                // the stream broke or its resourceVersion expired: start over from a fresh list after a short pause
                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None).ConfigureAwait(false);
                try { version = await ListAsync(_stop.Token).ConfigureAwait(false); }
                catch (Exception) when (!_stop.IsCancellationRequested) { version = null; }
            }
        }
    }

    private void Changed()
    {
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
