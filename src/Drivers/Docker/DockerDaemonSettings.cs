using LabSpecs.Drivers.DockerCommands;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabSpecs.Core;
using LabSpecs.Drivers.Commands;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Docker;

/// <summary>
/// Restarts a host's Docker engine with changed daemon settings (/etc/docker/daemon.json), the way the handbook's
/// "sudo service docker stop; sudo dockerd --cluster-store=…" does. The original file is kept aside and
/// <see cref="RestoreAsync"/> puts it back. Works with systemd (real hosts) and without it (embedded hosts, where the
/// engine is a plain process with /var/run/docker.pid). The first change registers the restore.
/// </summary>
public sealed class DockerDaemonSettings(ILabHost host, IEvidenceSink evidence, ICleanupRegistry cleanups)
{
    private HostShell On(ILabHost h) => new(h, evidence);

    public const string ConfigFile = "/etc/docker/daemon.json";
    private const string Backup = ConfigFile + ".labspecs-orig";
    private const string BipBackup = ConfigFile + ".labspecs-bip";

    private bool _restoreRegistered;

    public ILabHost Host => host;

    /// <summary>Merges <paramref name="changes"/> into daemon.json (a null value removes the key) and restarts the engine.</summary>
    public async Task ApplyAsync(IReadOnlyDictionary<string, JsonNode?> changes, CancellationToken ct = default)
    {
        if (changes.ContainsKey("hosts")) await RefuseHostFlagsAsync(ct).ConfigureAwait(false);
        if (!_restoreRegistered)
        {
            _restoreRegistered = true;
            cleanups.RegisterCleanup($"restore the docker engine settings on {host.Name}", RestoreAsync, CleanupCost.Costly);
        }

        var current = await On(host).MustAsync($"[ -f {Backup} ] || cp {ConfigFile} {Backup} 2>/dev/null || echo '{{}}' > {Backup}; cat {Backup}",
            ct: ct).ConfigureAwait(false);
        if (changes.ContainsKey("bip"))
        {
            // The engine keeps docker0's address in its own store and reuses it when daemon.json has no "bip":
            // remember the address in use so that restoring can set it back.
            var saved = await On(host).MustAsync(
                $"[ -s {BipBackup} ] || ip -4 -o addr show docker0 | awk '{{print $4}}' | head -n 1 > {BipBackup}; cat {BipBackup}",
                ct: ct).ConfigureAwait(false);
            if (!System.Text.RegularExpressions.Regex.IsMatch(saved.Stdout.Trim(), @"^\d+\.\d+\.\d+\.\d+/\d+$"))
            {
                throw new LabSpecsException($"{host.Name}: could not read docker0's address to restore it later:\n{saved.ToTranscript()}");
            }
        }

        var merged = Merge(current.Stdout, changes);
        await On(host).WriteFileAsync(ConfigFile, merged, ct: ct).ConfigureAwait(false);
        await RestartAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts the original daemon.json back and restarts the engine; does nothing if the settings were never changed.
    /// The labs' containers (labelled labspecs.run) are removed first: a busybox shell ignores SIGTERM, so stopping it with the
    /// engine costs 10 s; nobody else's container is removed.
    /// </summary>
    public async Task RestoreAsync(CancellationToken ct = default)
    {
        var had = await On(host).RunAsync(
            $"[ -f {Backup} ] && docker ps -aq --filter label=labspecs.run | xargs -r docker rm -f >/dev/null; [ -f {Backup} ] && cat {Backup}",
            Timeouts.Default.Cleanup, ct).ConfigureAwait(false);
        if (!had.Succeeded) return;
        var bip = (await On(host).RunAsync($"cat {BipBackup} 2>/dev/null", Timeouts.Default.Cleanup, ct).ConfigureAwait(false)).Stdout.Trim();
        if (bip.Length > 0)
        {
            // First with the old docker0 address spelled out (the engine stores it), then the original file as it was.
            var withBip = Merge(had.Stdout, new Dictionary<string, JsonNode?> { ["bip"] = bip });
            await On(host).WriteFileAsync(ConfigFile, withBip, Timeouts.Default.Cleanup, ct).ConfigureAwait(false);
            await RestartAsync(ct).ConfigureAwait(false);
        }

        await On(host).MustAsync($"mv {Backup} {ConfigFile}; rm -f {BipBackup}", Timeouts.Default.Cleanup, ct).ConfigureAwait(false);
        await RestartAsync(ct).ConfigureAwait(false);
    }

    /// <summary>dockerd refuses to start when "hosts" is in daemon.json and -H is on its command line (systemd's -H fd://): say so first.</summary>
    private async Task RefuseHostFlagsAsync(CancellationToken ct)
    {
        var cmdline = await On(host).MustAsync("tr '\\0' ' ' < /proc/$(cat /var/run/docker.pid)/cmdline", ct: ct).ConfigureAwait(false);
        if (System.Text.RegularExpressions.Regex.IsMatch(" " + cmdline.Stdout, @"\s(-H|--host)(=|\s|$)"))
        {
            throw new LabSpecsException($"{host.Name}: dockerd runs as '{cmdline.Stdout.Trim()}'; its -H flags conflict with \"hosts\" in " +
                $"{ConfigFile} (dockerd would not start). Drop -H from the service (e.g. a systemd drop-in) to let labs set listeners.");
        }
    }

    public static string Merge(string json, IReadOnlyDictionary<string, JsonNode?> changes)
    {
        var obj = string.IsNullOrWhiteSpace(json) ? new JsonObject() : JsonNode.Parse(json)?.AsObject() ?? new JsonObject();
        foreach (var (key, value) in changes)
        {
            if (value is null) obj.Remove(key);
            else obj[key] = value.DeepClone();
        }

        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// Stops the engine (its containers stop with it) and starts it again, then waits until it answers. Without systemd the
    /// engine starts again with the Go collector setting it ran with (GOGC, as embedded hosts start it), as a service would.
    /// </summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        const string script =
            "if [ -d /run/systemd/system ]; then systemctl restart docker; else " +
            "pid=$(cat /var/run/docker.pid 2>/dev/null); gogc=''; " +
            "if [ -n \"$pid\" ]; then gogc=$(tr '\\0' '\\n' < /proc/$pid/environ 2>/dev/null | sed -n 's/^GOGC=//p'); " +
            "kill $pid; i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; fi; " +
            "${gogc:+env GOGC=$gogc} setsid nohup /usr/sbin/dockerd >>/var/run/dockerd.log 2>&1 </dev/null & fi";
        await On(host).MustAsync(script, Timeouts.Default.Apply, ct).ConfigureAwait(false);
        await Eventually.UntilAsync($"{host.Name}: docker engine answers after restart",
            async c => await AnswersAsync(c).ConfigureAwait(false),
            answer => answer.Version is not null, Timeouts.Default.Apply, TimeSpan.FromMilliseconds(200), a => a.Version is { } v ? $"GET /version: Docker {v}" : a.Error!, ct, evidence).ConfigureAwait(false);
    }

    /// <summary>The engine's version (<see cref="EngineApi"/>, as <c>docker version</c> asks), or why it did not answer.</summary>
    private async Task<(string? Version, string? Error)> AnswersAsync(CancellationToken ct)
    {
        try
        {
            return (await EngineApi.VersionAsync(host, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false), null);
        }
        catch (LabSpecsException e)
        {
            return (null, e.Message);
        }
    }
}
