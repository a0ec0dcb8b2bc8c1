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

    /// <summary>Appends a key (creating the file and its directory, mode 600).</summary>
    public void Add(string host, int port, string keyType, string base64)
    {
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var isNew = !File.Exists(Path);
        File.AppendAllText(Path, $"{EntryName(host, port)} {keyType} {base64}\n");
        if (isNew && !OperatingSystem.IsWindows()) File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
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
