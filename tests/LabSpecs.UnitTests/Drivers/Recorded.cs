using NUnit.Framework;
namespace LabSpecs.UnitTests.Drivers;

/// <summary>Real outputs recorded on this machine (see Recorded/README.md for how each was made).</summary>
internal static class Recorded
{
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Recorded", name));
}
