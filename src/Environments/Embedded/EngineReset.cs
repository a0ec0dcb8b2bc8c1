using System.Net;
using System.Text.Json;
using LabSpecs.Core;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// Brings a lab host's engine back to a clean state between scenarios, through the Docker API on the host's own socket
/// (<see cref="ILabHost.DialDockerAsync"/>, so over ssh too when that is the channel): leave a swarm, remove every container
/// (with its anonymous volumes), prune networks, remove volumes. The same as
/// <c>docker swarm leave --force; docker rm -f -v $(docker ps -aq); docker network prune -f; docker volume rm -f $(docker volume ls -q)</c>,
/// without starting the docker CLI four times per host after every scenario (~600 processes in a lab run, ~10 CPU-s).
/// </summary>
internal static class EngineReset
{
    public static async Task RunAsync(ILabHost host, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        // at most 4 connections: over ssh each is a channel of the host's one session (sshd allows 10 by default)
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, c) => await host.DialDockerAsync(c).ConfigureAwait(false), MaxConnectionsPerServer = 4,
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = Timeout.InfiniteTimeSpan };
        var token = cts.Token;
        try
        {
            using (var info = await GetJsonAsync(http, "info", token).ConfigureAwait(false))
            {
                if (info.RootElement.TryGetProperty("Swarm", out var swarm) && swarm.TryGetProperty("LocalNodeState", out var state) &&
                    state.GetString() is not ("inactive" or "" or null))
                {
                    // as "docker swarm leave --force || true": a node that cannot leave is still cleaned below
                    using var left = await http.PostAsync("swarm/leave?force=true", null, token).ConfigureAwait(false);
                }
            }

            using (var containers = await GetJsonAsync(http, "containers/json?all=1", token).ConfigureAwait(false))
            {
                var ids = containers.RootElement.EnumerateArray().Select(c => c.GetProperty("Id").GetString()!).ToList();
                await Task.WhenAll(ids.Select(id => SendAsync(http, HttpMethod.Delete, $"containers/{id}?force=1&v=1", token))).ConfigureAwait(false);
            }

            await SendAsync(http, HttpMethod.Post, "networks/prune", token).ConfigureAwait(false);
            using var volumes = await GetJsonAsync(http, "volumes", token).ConfigureAwait(false);
            var names = volumes.RootElement.TryGetProperty("Volumes", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(v => v.GetProperty("Name").GetString()!).ToList()
                : [];
            await Task.WhenAll(names.Select(n => SendAsync(http, HttpMethod.Delete, $"volumes/{Uri.EscapeDataString(n)}?force=1", token))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new LabSpecsException($"{host.Name}: resetting its docker engine took longer than {timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            throw new LabSpecsException($"{host.Name}: could not reset its docker engine: {e.Message}", e);
        }
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct).ConfigureAwait(false);
        await EnsureAsync(response, path, ct).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), cancellationToken: ct).ConfigureAwait(false);
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, CancellationToken ct)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(method, path), ct).ConfigureAwait(false);
        // gone meanwhile (an --rm container), or its removal already under way (409, as the CLI's "docker rm -f" also meets)
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict) return;
        await EnsureAsync(response, path, ct).ConfigureAwait(false);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string path, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        throw new HttpRequestException($"{response.RequestMessage?.Method} /{path}: {(int)response.StatusCode} {body.Trim()}");
    }
}
