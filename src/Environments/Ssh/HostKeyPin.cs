namespace LabSpecs.Environments.Ssh;

/// <summary>
/// Compares SHA256 host-key fingerprints in the forms people copy them: <c>SHA256:ohD8VZ…</c> (ssh-keygen -lf), with or
/// without the prefix and base64 padding.
/// </summary>
public static class HostKeyPin
{
    public static string Normalize(string fingerprint)
    {
        var f = fingerprint.Trim();
        if (f.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) f = f[7..];
        return f.TrimEnd('=');
    }

    public static bool Matches(string pinned, string presented) =>
        !string.IsNullOrWhiteSpace(pinned) && string.Equals(Normalize(pinned), Normalize(presented), StringComparison.Ordinal);
}
