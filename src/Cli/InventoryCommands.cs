using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Environments.Embedded;
using LabSpecs.Environments.Inventory;
using LabSpecs.Environments.Ssh;

namespace LabSpecs.Cli;

/// <summary>
/// Inventories on the command line: <c>hosts</c> (what an inventory resolves to, field by field, and whether each host
/// answers), and the self-test files <c>env up TOPOLOGY --inventory FILE --ssh-config FILE</c> writes: the embedded hosts
/// reached the way a user reaches Vagrant boxes, through loopback ports forwarded to each host's sshd.
/// </summary>
internal static class InventoryCommands
{
    private const string ForwardsFile = "forwards.json";

    /// <summary>Prints each host of the inventory with where every field came from, then connects to each (unless --no-connect).</summary>
    public static async Task<int> HostsAsync(string path, bool connect, CancellationToken ct)
    {
        var inventory = InventoryFile.Load(path);
        Console.WriteLine($"{inventory.File}: {inventory.Format}, {inventory.Hosts.Count} hosts; known_hosts {inventory.KnownHostsFile}; host keys {(inventory.AcceptNewHostKeys ? "accept-new" : "pinned")}");
        var failed = 0;
        foreach (var h in inventory.Hosts)
        {
            Console.WriteLine($"{h.Name}{(h.Groups.Count > 0 ? $"  (groups: {string.Join(", ", h.Groups)})" : "")}");
            Field("ssh", h.Target, h.OriginOf("ssh host"));
            Field("port", h.Port.ToString(), h.OriginOf("port"));
            Field("user", h.User, h.OriginOf("user"));
            Field("auth", h.IdentityFile is { } key ? $"key {key}" : $"password from ${h.PasswordVariable}", h.IdentityFile is null ? h.OriginOf("password") : h.OriginOf("identity file"));
            Field("host key", h.HostKey ?? $"from {h.KnownHostsFile ?? inventory.KnownHostsFile}", h.HostKey is null ? h.OriginOf("known hosts") : h.OriginOf("host key"));
            if (h.Jump is { } jump) Field("jump", jump, h.OriginOf("jump"));
            Field("become", h.Become == Become.Sudo ? h.BecomePasswordVariable is { } v ? $"sudo (password from ${v})" : "sudo -n" : "none (root)", h.OriginOf("become"));
            Field("lab address", h.LabAddress?.ToString() ?? "the topology's address for this name (environments/local.yml)", h.OriginOf("lab address"));
            Field("docker", h.DockerContext is { } context ? $"context {context}" : h.DockerHost is { } tcp ? $"{tcp}{(h.DockerCertPath is { } certs ? $" with TLS from {certs}" : "")}" : "the API over the SSH session (docker system dial-stdio)",
                h.DockerContext is not null ? h.OriginOf("docker context") : h.OriginOf("docker host"));
            if (h.Client) Field("client", "yes: runs the steps 'from a machine outside the docker host'", h.OriginOf("client"));
            if (!connect) continue;
            try
            {
                var endpoint = InventoryProvider.Endpoint(inventory, h, h.LabAddress ?? IPAddress.None);
                using var host = new InventoryLabHost(h, h.LabAddress ?? IPAddress.None, endpoint, InventoryProvider.Options);
                var clock = Stopwatch.StartNew();
                var r = await host.ExecAsync("echo \"$(hostname) addresses $(ip -o -4 addr show | awk '{print $4}' | tr '\\n' ' ')\"", TimeSpan.FromSeconds(15), ct);
                var docker = r.Succeeded ? await AskVersionAsync(host, ct) : "";
                Field("answers", r.Succeeded ? $"{r.Stdout.Trim()} docker {docker} ({clock.ElapsedMilliseconds} ms, key SHA256:{HostKeyPin.Normalize(host.PresentedHostKey?.Sha256 ?? "?")})" : $"exit {r.ExitCode}: {r.Stderr.Trim()}", FieldOrigin.Default("ssh"));
                if (!r.Succeeded) failed++;
            }
            catch (LabSpecsException e)
            {
                Field("answers", "NO: " + e.Message, FieldOrigin.Default("ssh"));
                failed++;
            }
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>The host's engine version (<see cref="EngineApi"/>), or "absent" and why.</summary>
    private static async Task<string> AskVersionAsync(ILabHost host, CancellationToken ct)
    {
        try
        {
            return await EngineApi.VersionAsync(host, TimeSpan.FromSeconds(15), ct);
        }
        catch (LabSpecsException e)
        {
            return $"absent ({e.Message.Split('\n')[0]})";
        }
    }

    private static void Field(string name, string value, FieldOrigin origin) => Console.WriteLine($"    {name,-12} {value,-52} <- {origin}");

    /// <summary>
    /// Starts the detached forwarder of an environment (its loopback ports to each host's sshd; it lives in the environment's
    /// cgroup, so 'env down' ends it) and writes the inventory and/or ssh-config file that reach the hosts through it.
    /// </summary>
    public static async Task WriteSelfTestFilesAsync(IUnderlayEnvironment env, string? inventoryPath, string? sshConfigPath, CancellationToken ct)
    {
        var forwards = await StartForwarderAsync(env.Paths, ct);
        var header = $"written by 'labspecs env up {env.Topology.Name}' for environment {env.Paths.Id}: its hosts reached through loopback ports\n" +
                     "# forwarded to each host's sshd (as Vagrant forwards 127.0.0.1:2222); valid until 'run.ps1 down'";
        if (inventoryPath is not null)
        {
            var hosts = env.Hosts.Select(h => new ForwardedHost(h.Name, h.Address, forwards[h.Name], env.SshUser, env.HostPublicKey(h.Name).Base64));
            var yaml = ForwardedHost.Inventory(env.Paths, hosts, header);
            await File.WriteAllTextAsync(inventoryPath, yaml.ToString(), ct);
            Console.WriteLine($"  inventory:  {Path.GetFullPath(inventoryPath)}");
        }

        if (sshConfigPath is not null)
        {
            var knownHostsPath = Path.GetFullPath(sshConfigPath) + ".known_hosts";
            var known = new StringBuilder();
            var config = new StringBuilder($"# ssh-config {header}\n");
            foreach (var h in env.Hosts)
            {
                var (type, blob) = env.HostPublicKey(h.Name);
                known.Append($"{KnownHosts.EntryName("127.0.0.1", forwards[h.Name])} {type} {blob}\n");
                config.Append($"""
                    Host {h.Name}
                      HostName 127.0.0.1
                      User {env.SshUser}
                      Port {forwards[h.Name]}
                      UserKnownHostsFile {knownHostsPath}
                      StrictHostKeyChecking yes
                      PasswordAuthentication no
                      IdentityFile {env.Paths.ClientKey}
                      IdentitiesOnly yes


                    """);
            }

            await File.WriteAllTextAsync(knownHostsPath, known.ToString(), ct);
            await File.WriteAllTextAsync(sshConfigPath, config.ToString(), ct);
            Console.WriteLine($"  ssh-config: {Path.GetFullPath(sshConfigPath)} (try: ssh -F {sshConfigPath} {env.Hosts[0].Name} hostname)");
        }
    }

    private static async Task<Dictionary<string, int>> StartForwarderAsync(LabPaths paths, CancellationToken ct)
    {
        var file = Path.Combine(paths.Runtime, ForwardsFile);
        File.Delete(file);
        Cgroups.Create(paths.Cgroup("forward"));
        var cli = Path.Combine(AppContext.BaseDirectory, Reaper.CliAssembly);
        var launch = $"{Cgroups.JoinScript(paths.Cgroup("forward"))} exec dotnet {LocalProcess.Quote(cli)} env forward {paths.Id}";
        await LocalProcess.RunAsync("setsid", ["-f", "/bin/sh", "-c", launch + $" >>{Path.Combine(paths.Runtime, "forward.log")} 2>&1 </dev/null"],
            TimeSpan.FromSeconds(10), ct: ct);
        var ready = await Eventually.UntilAsync($"the forwarder of {paths.Id} wrote {file}",
            _ => Task.FromResult(File.Exists(file)), ok => ok, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), ct: ct);
        return JsonSerializer.Deserialize<Dictionary<string, int>>(await File.ReadAllTextAsync(file, ct))!;
    }

    /// <summary>
    /// (internal) The forwarder process: a loopback port per host to its sshd inside the underlay; writes the ports, then
    /// serves until the environment's underlay namespace is gone (or it is killed with the environment's cgroup).
    /// </summary>
    public static async Task<int> ForwardAsync(string id, CancellationToken ct)
    {
        var paths = new LabPaths(id);
        var ledger = Ledger.TryRead(paths.LedgerFile) ?? throw new LabSpecsException($"no environment {id}");
        var topology = EnvironmentFile.Topology(ledger.Topology);
        var netns = "/run/netns/" + paths.UnderlayNetns;
        var forwarders = topology.Hosts.ToDictionary(h => h.Name, h => new SshForwarder(netns, new IPEndPoint(h.Address, 22)));
        var file = Path.Combine(paths.Runtime, ForwardsFile);
        await File.WriteAllTextAsync(file + ".tmp", JsonSerializer.Serialize(forwarders.ToDictionary(kv => kv.Key, kv => kv.Value.Port)), ct);
        File.Move(file + ".tmp", file, overwrite: true);
        try
        {
            while (File.Exists(netns) && !ct.IsCancellationRequested) await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
        catch (OperationCanceledException) { }

        foreach (var f in forwarders.Values) await f.DisposeAsync();
        return 0;
    }
}
