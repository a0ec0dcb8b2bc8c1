using System.Text.Json;
using System.Text.Json.Nodes;

namespace LabSpecs.Core;

/// <summary>
/// Commands and waits as JSON attachments of their own media types, so a report reads them as data instead of parsing
/// log text. One shape, written by the runner and read by the site generator; fields are camelCase, times in ms.
/// </summary>
public static class EvidenceJson
{
    public const string CommandMediaType = "application/vnd.labspecs.command+json";
    public const string WaitMediaType = "application/vnd.labspecs.wait+json";
    public const string EnvironmentMediaType = "application/vnd.labspecs.environment+json";

    /// <summary>Output longer than this is cut in the attachment; the full text goes to a file of its own.</summary>
    public const int MaxOutputChars = 16 * 1024;

    private static readonly JsonSerializerOptions Relaxed = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool IsLong(ExecResult r) => r.Stdout.Length > MaxOutputChars || r.Stderr.Length > MaxOutputChars;

    /// <summary>The command as JSON; with <paramref name="fullOutputFile"/>, long output is cut and the file named.</summary>
    public static string Command(ExecResult r, bool isDiagnostic = false, string? fullOutputFile = null)
    {
        var cut = fullOutputFile is not null;
        var o = new JsonObject
        {
            ["host"] = r.Where,
            ["channel"] = r.Channel,
            ["command"] = r.Command,
            ["exitCode"] = r.ExitCode,
            ["start"] = r.Started.ToUniversalTime().ToString("O"),
            ["durationMs"] = Math.Round(r.Duration.TotalMilliseconds, 1),
            ["stdout"] = cut ? Cut(r.Stdout) : r.Stdout,
            ["stderr"] = cut ? Cut(r.Stderr) : r.Stderr,
            ["diagnostic"] = isDiagnostic,
        };
        if (cut)
        {
            o["truncated"] = true;
            o["fullOutputFile"] = fullOutputFile;
        }

        return o.ToJsonString(Relaxed);
    }

    public static string Wait(WaitOutcome w) => new JsonObject
    {
        ["description"] = w.Description,
        ["converged"] = w.Converged,
        ["attempts"] = w.Attempts,
        ["elapsedMs"] = Math.Round(w.Elapsed.TotalMilliseconds, 1),
        ["timeoutMs"] = Math.Round(w.Timeout.TotalMilliseconds, 1),
        ["seen"] = new JsonArray([.. w.Seen.Select(a => (JsonNode)new JsonObject
        {
            ["atMs"] = Math.Round(a.At.TotalMilliseconds, 1),
            ["value"] = a.Value,
        })]),
    }.ToJsonString(Relaxed);

    /// <summary>A command read back: the result, whether it was a diagnostic, and the full-output file when it was cut.</summary>
    public static (ExecResult Result, bool IsDiagnostic, string? FullOutputFile) ReadCommand(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        var result = new ExecResult(Str(o, "command"), Str(o, "host"), (int?)o["exitCode"] ?? -1, Str(o, "stdout"), Str(o, "stderr"),
            TimeSpan.FromMilliseconds((double?)o["durationMs"] ?? 0), Str(o, "channel"))
        {
            Started = DateTimeOffset.TryParse(Str(o, "start"), out var t) ? t : DateTimeOffset.MinValue,
        };
        return (result, (bool?)o["diagnostic"] ?? false, (string?)o["fullOutputFile"]);
    }

    public static WaitOutcome ReadWait(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        var seen = (o["seen"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(a => new WaitAttempt(TimeSpan.FromMilliseconds((double?)a["atMs"] ?? 0), Str(a, "value"))).ToList();
        return new WaitOutcome(Str(o, "description"), (bool?)o["converged"] ?? false, (int?)o["attempts"] ?? seen.Count,
            TimeSpan.FromMilliseconds((double?)o["elapsedMs"] ?? 0), TimeSpan.FromMilliseconds((double?)o["timeoutMs"] ?? 0), seen);
    }

    public static string Environment(EnvironmentFacts f) => JsonSerializer.Serialize(f, Relaxed);

    public static EnvironmentFacts ReadEnvironment(string json) => JsonSerializer.Deserialize<EnvironmentFacts>(json, Relaxed)!;

    private static string Cut(string text) =>
        text.Length <= MaxOutputChars ? text : text[..MaxOutputChars] + $"\n… ({text.Length - MaxOutputChars} more characters in the full output file)";

    private static string Str(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
