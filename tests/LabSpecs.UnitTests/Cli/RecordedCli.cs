using NUnit.Framework;

namespace LabSpecs.UnitTests.Cli;

/// <summary>Real docker CLI output (Recorded/Cli/README.md says how each file was made).</summary>
internal static class RecordedCli
{
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Recorded", "Cli", name));
}
