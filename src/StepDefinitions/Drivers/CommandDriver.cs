using LabSpecs.Core;
using LabSpecs.Specs.Support;

namespace LabSpecs.Specs.Drivers;

/// <summary>
/// Commands the reader types (on the docker host, another host, inside a container, with docker or kubectl) and the last one's
/// result, which "Then the output contains …" and the other output steps read.
/// </summary>
public sealed class CommandDriver(LabContext lab)
{
    private ExecResult? _last;

    public ExecResult Last => _last ?? throw new LabSpecsException("No command has run yet in this scenario.");

    /// <summary>What the last command printed, stdout then stderr.</summary>
    public string Output => Last.Stdout + Last.Stderr;

    /// <summary>Makes <paramref name="result"/> the last command (for drivers whose commands the reader types, e.g. kubectl).</summary>
    public ExecResult Keep(ExecResult result) => _last = result;

    /// <summary>On the current docker host, in the scenario's working directory.</summary>
    public async Task<ExecResult> RunAsync(string command) => Keep(await lab.WorkShell.RunAsync(command));

    public async Task<ExecResult> RunOnAsync(string host, string command) => Keep(await lab.ShellOn(host).RunAsync(command));

    public async Task<ExecResult> RunInContainerAsync(string container, string command) =>
        Keep(await lab.Docker.RunAsync($"exec {LocalProcess.Quote(container)} {command}"));

    /// <summary><c>docker ARGS</c> on the current docker host, typed as the handbook types it; must succeed.</summary>
    public async Task<ExecResult> DockerAsync(string arguments, TimeSpan? timeout = null) =>
        Keep((await lab.Docker.RunAsync(arguments, timeout)).EnsureSuccess());
}
