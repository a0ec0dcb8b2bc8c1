using System.Text.Json;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// What an environment's owner wrote before creating anything: who owns it (PID + start time, so a reused PID is not
/// mistaken for the owner) and what it is. A sweep removes an environment only when its owner is dead.
/// <see cref="Detached"/> environments (<c>labspecs env up</c>) have no owning process and live until <c>env down</c>.
/// </summary>
public sealed record Ledger(
    string Id, string Topology, int OwnerPid, long OwnerStartTime, bool Detached, DateTimeOffset Created,
    IReadOnlyList<string> Hosts, string Subnet, string? ForwarderNote = null)
{
    /// <summary>The provider that made the environment (embedded, vm); null in ledgers older code wrote (embedded).</summary>
    public string? Provider { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, Json));
        File.Move(tmp, path, overwrite: true);
    }

    public static Ledger? TryRead(string path)
    {
        try { return JsonSerializer.Deserialize<Ledger>(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return null; }
    }

    public bool OwnerAlive => Detached || ProcessInfo.IsAlive(OwnerPid, OwnerStartTime);
}

/// <summary>Facts about local processes read from /proc.</summary>
public static class ProcessInfo
{
    /// <summary>Field 22 of /proc/PID/stat (start time in clock ticks since boot), or -1 when the process is gone.</summary>
    public static long StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterComm = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(afterComm[19], System.Globalization.CultureInfo.InvariantCulture); // field 22 = index 19 after comm
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>
    /// The process with that PID and start time still runs. A zombie counts as dead: a killed owner whose parent has not
    /// reaped it yet (or was itself gone, leaving an init that reaps late) must not keep its leftovers alive.
    /// </summary>
    public static bool IsAlive(int pid, long startTime) =>
        pid > 0 && StartTime(pid) is var t && t >= 0 && t == startTime && !IsZombie(pid);

    public static int CurrentPid => Environment.ProcessId;

    /// <summary>The PID a process has in its own (innermost) PID namespace: the last field of NSpid in /proc/PID/status, or -1.</summary>
    public static int NamespacePid(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("NSpid:", StringComparison.Ordinal)) continue;
                var last = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[^1];
                return int.TryParse(last, System.Globalization.CultureInfo.InvariantCulture, out var inner) ? inner : -1;
            }
        }
        catch (IOException) { }

        return -1;
    }

    /// <summary>True when the process has exited and only waits to be reaped (state Z in /proc/PID/stat).</summary>
    public static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException) { return false; }
    }
}
