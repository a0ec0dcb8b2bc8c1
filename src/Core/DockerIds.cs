namespace LabSpecs.Core;

/// <summary>Docker's ids as its CLI shows them.</summary>
public static class DockerIds
{
    /// <summary>The first 12 hex digits of an id (without a <c>sha256:</c> prefix), as <c>docker ps</c>, <c>docker images</c> and <c>docker network ls</c> show it.</summary>
    public static string Short(string id)
    {
        var hex = id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..] : id;
        return hex[..Math.Min(12, hex.Length)];
    }
}
