using NUnit.Framework;
namespace LabSpecs.UnitTests.Drivers;

/// <summary>
/// The one reader of real output recorded from real commands (see Recorded/README.md, Recorded/Cli/README.md and
/// Drivers/MultiHost/Recorded for how each file was made), copied next to the tests at build time.
/// </summary>
internal static class Recorded
{
    /// <summary>A file under Recorded/ (<c>"ip-addr.txt"</c>, <c>"Cli/docker-ps-demo.txt"</c>).</summary>
    public static string Read(string path) => ReadFrom("Recorded", path);

    /// <summary>A file under Drivers/MultiHost/Recorded/ (etcd 3.4, Docker 20.10 engines in namespaces, tcpdump on the underlay).</summary>
    public static string MultiHost(string name) => ReadFrom(Path.Combine("Drivers", "MultiHost", "Recorded"), name);

    private static string ReadFrom(string folder, string path) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, folder, path));
}
