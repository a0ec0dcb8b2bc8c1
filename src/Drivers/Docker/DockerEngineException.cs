using System.Net;
using System.Text.Json;
using LabSpecs.Core;

namespace LabSpecs.Drivers.Docker;

/// <summary>A Docker engine call failed: says the CLI equivalent, the host, the HTTP status and the engine's own message.</summary>
public class DockerEngineException(string command, string host, HttpStatusCode? status, string engineMessage, Exception? inner = null)
    : LabSpecsException($"Docker call failed on {host}: {command}\n  {(status is null ? "" : $"({(int)status} {status}) ")}{engineMessage}", inner)
{
    public string Command { get; } = command;

    public string Host { get; } = host;

    public HttpStatusCode? Status { get; } = status;

    /// <summary>The engine's message, e.g. "network with name my-bridge already exists".</summary>
    public string EngineMessage { get; } = engineMessage;

    /// <summary>Pulls <c>message</c> out of the engine's JSON error body; falls back to the body itself.</summary>
    public static string MessageFromBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "(no message)";
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m))
            {
                return m.GetString() ?? body.Trim();
            }
        }
        catch (JsonException)
        {
        }

        return body.Trim();
    }
}

/// <summary>The engine answered 404: no such container, image or network.</summary>
public sealed class DockerNotFoundException(string command, string host, string engineMessage, Exception? inner = null)
    : DockerEngineException(command, host, HttpStatusCode.NotFound, engineMessage, inner);

/// <summary>A Docker call did not finish within its timeout.</summary>
public sealed class DockerTimeoutException(string command, string host, TimeSpan timeout)
    : DockerEngineException(command, host, null, $"no answer within {timeout.TotalSeconds:0.#} s");
