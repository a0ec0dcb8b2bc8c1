using System.Net;
using System.Text.Json;
using LabSpecs.Core;

namespace LabSpecs.Environments;

/// <summary>
/// The environment layer's connection to a host's Docker engine: plain HTTP over <see cref="ILabHost.DialDockerAsync"/> (the
/// engine's unix socket, or <c>docker system dial-stdio</c> on the host's SSH session), so it works on every channel and
/// provider without a TCP port. Drivers talk to engines through <c>DockerEngine</c> (Docker.DotNet, evidence); this is for
/// what providers do around the labs: cleaning engines and asking their version. Errors are <see cref="LabSpecsException"/>s
/// naming the host.
/// </summary>
public sealed class EngineApi : IDisposable
{
    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _http;

    /// <summary>At most <paramref name="connections"/> at once: over ssh each is a channel of the host's one session (sshd allows 10 by default).</summary>
    public EngineApi(ILabHost host, int connections = 4)
    {
        Host = host;
        _handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, c) => await host.DialDockerAsync(c).ConfigureAwait(false), MaxConnectionsPerServer = connections,
        };
        _http = new HttpClient(_handler) { BaseAddress = new Uri("http://docker/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public ILabHost Host { get; }

    /// <summary>The engine's version as <c>docker version --format '{{.Server.Version}}'</c> prints it (<c>GET /version</c>).</summary>
    public static async Task<string> VersionAsync(ILabHost host, TimeSpan timeout, CancellationToken ct = default)
    {
        using var api = new EngineApi(host, connections: 1);
        return await api.WithinAsync("asking its docker engine's version", timeout, api.VersionAsync, ct).ConfigureAwait(false);
    }

    /// <summary><c>GET /version</c>'s <c>Version</c> (the server's), "?" when it names none.</summary>
    public async Task<string> VersionAsync(CancellationToken ct)
    {
        using var version = await GetJsonAsync("version", ct).ConfigureAwait(false);
        return version.RootElement.TryGetProperty("Version", out var v) && v.GetString() is { Length: > 0 } s ? s : "?";
    }

    /// <summary>Runs <paramref name="work"/> within <paramref name="timeout"/>; a timeout or an HTTP failure becomes one error naming the host and <paramref name="what"/>.</summary>
    public async Task<T> WithinAsync<T>(string what, TimeSpan timeout, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            return await work(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new LabSpecsException($"{Host.Name}: {what} took longer than {timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            throw new LabSpecsException($"{Host.Name}: {what} failed: {e.Message}", e);
        }
    }

    public async Task<JsonDocument> GetJsonAsync(string path, CancellationToken ct) =>
        await JsonAsync(HttpMethod.Get, path, ct).ConfigureAwait(false) ?? throw new HttpRequestException($"GET /{path}: 404 not found");

    /// <summary>The engine's JSON answer to <paramref name="method"/> <paramref name="path"/>, or null when there is no such thing (404).</summary>
    public async Task<JsonDocument?> JsonAsync(HttpMethod method, string path, CancellationToken ct)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(method, path), ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureAsync(response, path, ct).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), cancellationToken: ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a request that changes something; null when done (or the thing was already gone: 404), else the engine's
    /// refusal for what is in use or under way (403, 409: e.g. "network … has active endpoints"). Other failures throw.
    /// </summary>
    public async Task<string?> SendAsync(HttpMethod method, string path, CancellationToken ct)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(method, path), ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound) return null;
        if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Conflict)
        {
            return Message(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        }

        await EnsureAsync(response, path, ct).ConfigureAwait(false);
        return null;
    }

    /// <summary><c>?filters=…</c> for a label filter (<c>labspecs.run</c> or <c>labspecs.run=ID</c>), or "" for none.</summary>
    public static string LabelFilter(string? label, char separator = '?') =>
        label is null ? "" : separator + "filters=" + Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [label] }));

    private static async Task EnsureAsync(HttpResponseMessage response, string path, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        throw new HttpRequestException($"{response.RequestMessage?.Method} /{path}: {(int)response.StatusCode} {Message(body)}");
    }

    /// <summary>The engine's error text (<c>{"message":"…"}</c>), else the body as it came.</summary>
    private static string Message(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m)) return m.GetString() ?? body.Trim();
        }
        catch (JsonException)
        {
        }

        return body.Trim();
    }

    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
    }
}
