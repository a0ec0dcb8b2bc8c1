using LabSpecs.Core;

namespace LabSpecs.Drivers.Docker;

/// <summary>
/// The run label on what a docker command line creates: <c>docker run …</c> becomes <c>docker run --label labspecs.run=ID …</c>
/// (also create, container run/create, network create, volume create, service create), so a run on a shared host removes
/// only what it made. The evidence keeps the command as the handbook writes it; the label is what actually runs.
/// </summary>
public static class RunLabel
{
    public const string Key = LabLabels.Run;

    private static readonly string[][] CreatingVerbs =
    [
        ["run"], ["create"], ["container", "run"], ["container", "create"], ["network", "create"], ["volume", "create"], ["service", "create"],
    ];

    /// <summary><paramref name="dockerArguments"/> (after "docker") with the label added when the command creates something; else unchanged.</summary>
    public static string AddTo(string dockerArguments, string runId)
    {
        var trimmed = dockerArguments.TrimStart();
        foreach (var verb in CreatingVerbs)
        {
            var prefix = string.Join(' ', verb);
            if (trimmed == prefix || trimmed.StartsWith(prefix + " ", StringComparison.Ordinal))
            {
                return $"{prefix} --label {Key}={runId}{trimmed[prefix.Length..]}";
            }
        }

        return dockerArguments;
    }

    /// <summary>A whole shell command line starting with <c>docker</c> (e.g. <c>docker network create -d overlay demo</c>), labelled likewise.</summary>
    public static string AddToCommandLine(string commandLine, string runId) =>
        commandLine.StartsWith("docker ", StringComparison.Ordinal) ? "docker " + AddTo(commandLine["docker ".Length..], runId) : commandLine;
}
