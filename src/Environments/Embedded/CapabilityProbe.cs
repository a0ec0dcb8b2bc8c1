using LabSpecs.Core;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// Finds what the kernel and tools can do by trying it (creating test links, qdiscs, xfrm states) in a throw-away network
/// namespace. Each missing capability comes with a reason a reader understands. Probed once per process.
/// What the hosts' Docker engine still does of the handbook is not probed here (an engine belongs to a host, not to this
/// machine): <see cref="EngineCapabilities"/>, from each host's engine version read through the Docker API before a scenario
/// that needs it (embedded and inventory hosts alike).
/// </summary>
public static class CapabilityProbe
{
    private static Task<Capabilities>? _cached;
    private static readonly Lock Gate = new();

    public static Task<Capabilities> ProbeAsync(CancellationToken ct = default)
    {
        lock (Gate) return _cached ??= RunAsync(ct);
    }

    private static async Task<Capabilities> RunAsync(CancellationToken ct)
    {
        var script = EmbeddedScript.Read("probe-capabilities.sh");
        var r = await LocalProcess.RunAsync("unshare", ["--net", "/bin/sh", "-c", script], TimeSpan.FromSeconds(30), ct: ct).ConfigureAwait(false);
        return Parse(r.Stdout);
    }

    /// <summary>Parses "ok NAME" / "missing NAME REASON" lines.</summary>
    public static Capabilities Parse(string output)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 3);
            if (parts is ["ok", var name, ..]) present.Add(name);
            else if (parts is ["missing", var n, var why]) missing[n] = why;
        }

        return new Capabilities(present, missing);
    }
}

internal static class EmbeddedScript
{
    public static string Read(string name)
    {
        using var s = typeof(EmbeddedScript).Assembly.GetManifestResourceStream(name)
            ?? throw new LabSpecsException($"{name} is not embedded in LabSpecs.Environments");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
