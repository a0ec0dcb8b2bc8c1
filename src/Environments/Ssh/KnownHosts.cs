using System.Security.Cryptography;
using System.Text;

namespace LabSpecs.Environments.Ssh;

/// <summary>
/// An OpenSSH known_hosts file (the same file works for <c>ssh -o UserKnownHostsFile=…</c>): entries
/// <c>[host]:port type base64</c> (port 22: <c>host type base64</c>), also hashed names (<c>|1|salt|hash</c>) as ssh writes
/// them. LabSpecs reads the fingerprint to pin from it and appends keys accepted once (accept-new).
/// </summary>
public sealed class KnownHosts(string path)
{
    public string Path { get; } = path;

    /// <summary>The name ssh looks up for a host and port.</summary>
    public static string EntryName(string host, int port) => port == 22 ? host : $"[{host}]:{port}";

    /// <summary>SHA256 fingerprints (as <c>ssh-keygen -lf</c> prints them, without "SHA256:") of the keys known for host:port.</summary>
    public IReadOnlyList<string> Fingerprints(string host, int port)
    {
        if (!File.Exists(Path)) return [];
        var name = EntryName(host, port);
        var found = new List<string>();
        foreach (var raw in File.ReadLines(Path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('@')) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3) continue;
            if (!parts[0].Split(',').Any(n => NameMatches(n, name))) continue;
            try { found.Add(Fingerprint(Convert.FromBase64String(parts[2]))); }
            catch (FormatException) { }
        }

        return found;
    }

    /// <summary>
    /// Appends a key (creating the file and its directory, mode 600) unless the same entry is there already. Safe when the hosts
    /// of a run accept their keys at once, and beside another run: .NET's append mode seeks to the end instead of opening with
    /// O_APPEND, so two unguarded writers overwrite each other's line (an accepted key was lost that way, one run in six).
    /// </summary>
    public void Add(string host, int port, string keyType, string base64)
    {
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var entry = $"{EntryName(host, port)} {keyType} {base64}";
        lock (Writers)
        {
            using var file = OpenExclusive();
            using var reader = new StreamReader(file, leaveOpen: true);
            var text = reader.ReadToEnd();
            if (text.Split('\n').Any(l => l.Trim() == entry)) return;
            using var writer = new StreamWriter(file) { AutoFlush = true };
            if (text.Length > 0 && !text.EndsWith('\n')) writer.Write('\n');
            writer.Write(entry + "\n");
        }
    }

    /// <summary>Writers of this process take turns here; other processes are kept out by the exclusive open (flock on Unix).</summary>
    private static readonly object Writers = new();

    private FileStream OpenExclusive()
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        for (var attempt = 1; ; attempt++)
        {
            try { return new FileStream(Path, options); }
            catch (IOException) when (attempt < 50 && File.Exists(Path)) { Thread.Sleep(100); } // another run is writing it
        }
    }

    /// <summary>SHA256 of the key blob, base64 without padding: what <c>ssh-keygen -lf</c> and SSH.NET show.</summary>
    public static string Fingerprint(byte[] keyBlob) => Convert.ToBase64String(SHA256.HashData(keyBlob)).TrimEnd('=');

    private static bool NameMatches(string entry, string name)
    {
        if (!entry.StartsWith("|1|", StringComparison.Ordinal)) return string.Equals(entry, name, StringComparison.OrdinalIgnoreCase);
        var parts = entry.Split('|');
        if (parts.Length != 4) return false;
        try
        {
            using var hmac = new HMACSHA1(Convert.FromBase64String(parts[2]));
            return Convert.ToBase64String(hmac.ComputeHash(Encoding.ASCII.GetBytes(name))) == parts[3];
        }
        catch (FormatException) { return false; }
    }
}
