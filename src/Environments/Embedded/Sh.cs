using LabSpecs.Core;

namespace LabSpecs.Environments.Embedded;

/// <summary>Runs provisioning commands on this machine (ip, mount, ssh-keygen) with a timeout; failures throw with the output.</summary>
internal static class Sh
{
    public static Task<ExecResult> RunAsync(string script, TimeSpan? timeout = null, IDictionary<string, string>? env = null, CancellationToken ct = default) =>
        LocalProcess.RunAsync("/bin/sh", ["-c", script], timeout ?? Timeouts.Default.Exec, env: env, ct: ct);

    public static async Task<ExecResult> MustAsync(string script, TimeSpan? timeout = null, CancellationToken ct = default) =>
        (await RunAsync("set -e\n" + script, timeout, ct: ct).ConfigureAwait(false)).EnsureSuccess();
}
