using NUnit.Framework;
namespace LabSpecs.UnitTests.MultiHost;

/// <summary>Real output recorded from real commands (etcd 3.4, Docker 20.10 engines in namespaces, tcpdump on the underlay).</summary>
internal static class Recorded
{
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "MultiHost", "Recorded", name));
}
