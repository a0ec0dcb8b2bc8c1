using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Environments.Embedded;

namespace LabSpecs.Cli;

internal static class Commands
{
    private static readonly string Usage = $$"""
        usage:
          labspecs env up <topology> [--provider embedded|vm] [--inventory FILE] [--ssh-config FILE] [--json]
                                             create a detached environment (stays until 'env down'); topologies from environments/local.yml;
                                             --provider: make it with that provider (vm: qemu VMs; default: the topology's, or LABSPECS_PROVIDER);
                                             --inventory/--ssh-config also write files that reach its hosts like Vagrant boxes (loopback ports to each sshd);
                                             --json: last line {"id", "topology", "readySeconds", "hosts"} for scripts
          labspecs hosts <inventory> [--no-connect]  each host of an inventory (LabSpecs, vagrant ssh-config or Ansible), where each field came from, and whether it answers
          labspecs env hold <topology>       create an environment owned by this process; removed on Ctrl-C/SIGTERM or end of input
          labspecs env down <id>|--all       remove one environment, or all detached ones and those of dead runs
          labspecs env list                  environments on this machine, their owners and hosts
          labspecs clean [--all]             remove what dead runs left (--all: every environment, also of live runs)
          labspecs images build [--force] [--prune]  build or refresh the local image catalog (--prune: drop unused layers)
          labspecs images hosts [ENGINE...] [--refresh] [--store DIR] [--variant vm]
                                             the lab hosts' root file systems, one per engine (20.10, 26, latest), built when missing
                                             (--refresh: also when the suite has a newer Release); 'images build' does the run's engine;
                                             --variant vm: the VM hosts' bootable disk, kernel and initrd instead
          labspecs images list               images in the catalog and the host images
          labspecs capabilities              what this machine can do for the labs, with reasons
          labspecs reap <pid> <starttime>    (internal) wait for that process to end, then remove what dead runs left
          labspecs ssh [--env ID] <host> <command...>  run a command over ssh on a host of a running environment (the newest that has it, or ID), from its underlay
          labspecs bench channels [N]        time one host command through nsenter and through the reused SSH session
          labspecs report [--messages FILE]... [--merge DIR]... [--out DIR] [--features DIR] [--junit FILE] [--history DIR [--record]] [--fail-on-failure]
                                             write the living-documentation site (default: reports/labspecs-report.ndjson -> reports/site)
          labspecs watch FILE[:LINE] [--once]  keep the feature's environment up; on every save run its scenarios (or the one at LINE)
                                             in this warm process, print each step's outcome, rewrite the lab's site page; Ctrl-C removes all
          labspecs check [--category TAG]... every step of the selected features bound (file:line, "did you mean"); nothing runs
          labspecs summary {{SummaryCommand.Options}} [--run-failed]
                                             the run's outcome from each pass's .trx and messages: skipped (why), flaky, failed, and the line
                                             "Tests: N passed, N failed, N skipped"; exits 1 on a failure or when nothing ran
          labspecs rerun-list {{SummaryCommand.Options}} --out FILE
                                             the failed lab scenarios, one test name a line, for LABSPECS_RERUN=FILE
          labspecs figures [--messages FILE] [--json]  a lab run's wall time, where scenario time goes (steps, cleanup, reset), framework time per step
          {{MatrixCommand.Usage}}
                                             the labs on each engine (LABSPECS_ENGINE; messages in reports/engines/ENGINE), then one site with the labs × engines page
          labspecs paths --json              where reports go, the messages file's name, the features, the filter of the lab scenarios
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        try
        {
            return args switch
            {
                ["env", "up", var topology, .. var upOptions] => await EnvUpAsync(topology, Option(upOptions, "--provider"), Option(upOptions, "--inventory"), Option(upOptions, "--ssh-config"), upOptions.Contains("--json"), cts.Token),
                ["env", "forward", var forwardId] => await InventoryCommands.ForwardAsync(forwardId, cts.Token),
                ["hosts", var inventory, .. var hostOptions] => await InventoryCommands.HostsAsync(inventory, !hostOptions.Contains("--no-connect"), cts.Token),
                ["env", "hold", var topology] => await EnvHoldAsync(topology, cts.Token),
                ["env", "down", "--all"] => await EnvDownAllAsync(cts.Token),
                ["env", "down", var id] => await EnvDownAsync(id, cts.Token),
                ["env", "list"] => EnvList(),
                ["clean"] => await CleanAsync(all: false, cts.Token),
                ["clean", "--all"] => await CleanAsync(all: true, cts.Token),
                ["images", "build", .. var rest] => await ImageCommands.BuildAsync(rest.Contains("--force"), rest.Contains("--prune"), cts.Token),
                ["images", "hosts", .. var engines] => await ImageCommands.HostsAsync(
                    [.. engines.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || engines[i - 1] is not ("--store" or "--variant")))],
                    engines.Contains("--refresh"), Option(engines, "--store") ?? LabSpecs.Environments.Images.HostImages.Store, cts.Token,
                    Option(engines, "--variant")),
                ["images", "list"] => ImageCommands.List(),
                ["capabilities"] => await CapabilitiesAsync(cts.Token),
                ["reap", var pid, var start] => await Reaper.WatchAsync(int.Parse(pid), long.Parse(start), cts.Token) >= 0 ? 0 : 1,
                ["ssh", "--env", var envId, var host, .. var command] when command.Length > 0 => await SshAsync(host, command, cts.Token, envId),
                ["ssh", var host, .. var command] when command.Length > 0 => await SshAsync(host, command, cts.Token),
                ["bench", "channels"] => await BenchCommands.ChannelsAsync(200, cts.Token),
                ["bench", "channels", var n] => await BenchCommands.ChannelsAsync(int.Parse(n), cts.Token),
                ["report", .. var rest] => ReportCommand.Run(rest),
                ["watch", .. var watchArgs] => await WatchCommand.RunAsync(watchArgs, cts.Token),
                ["check", .. var checkArgs] => await SpecsAssembly.CheckAsync(checkArgs, cts.Token),
                ["summary", .. var rest] => SummaryCommand.Summary(rest),
                ["rerun-list", .. var rest] => SummaryCommand.RerunList(rest),
                ["paths", "--json"] => PathsCommand.Run(),
                ["figures", .. var rest] => FiguresCommand.Run(rest),
                ["matrix", .. var rest] => await MatrixCommand.RunAsync(rest, cts.Token),
                _ => UsageError(),
            };
        }
        catch (LabSpecsException e)
        {
            Console.Error.WriteLine($"labspecs: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("labspecs: cancelled");
            return 130;
        }
    }

    private static int UsageError()
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        if (i < 0) return null;
        return i + 1 < args.Length ? args[i + 1] : throw new LabSpecsException($"{name} needs a file name");
    }

    private static async Task<int> EnvUpAsync(string topologyName, string? providerName, string? inventory, string? sshConfig, bool json, CancellationToken ct)
    {
        var topology = LabEnvironments.WithProvider(EnvironmentFile.Topology(topologyName), providerName ?? LabEnvironments.ProviderOverride);
        await Sweeper.SweepAsync(all: false, ct);
        var provider = ProviderRegistry.Create(topology.Provider);
        if (provider is IDetachableProvider detachable) detachable.Detached = true;
        if (provider.CannotMake(topology) is { } cannot) throw cannot;
        var progress = ProgressWriter.Console();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var env = await provider.CreateAsync(topology, progress, ct);
        var ready = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"environment {env.Id} ({topology.Name}, {topology.Provider}) is up; remove it with: labspecs env down {env.Id}");
        if (env is IUnderlayEnvironment u)
        {
            Console.WriteLine($"  underlay namespace: {u.Paths.UnderlayNetns}   registry: {UnderlayAddresses.Registry(topology)}:5000");
            foreach (var h in env.Hosts)
            {
                Console.WriteLine($"  {h.Name,-14} {h.Address,-15} ssh:    ip netns exec {u.Paths.UnderlayNetns} ssh {u.SshUser}@{h.Address}");
                if (h is EmbeddedHost e) Console.WriteLine($"  {"",-14} {"",-15} docker: DOCKER_HOST={h.DockerEndpoint}   shell: nsenter -t {e.InitPid} -a");
            }

            if (inventory is not null || sshConfig is not null) await InventoryCommands.WriteSelfTestFilesAsync(u, inventory, sshConfig, ct);
        }

        // scripts read this line, never the words above
        if (json) Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { id = env.Id, topology = topology.Name, readySeconds = Math.Round(ready, 3), hosts = env.Hosts.Select(h => new { name = h.Name, address = h.Address.ToString() }) }));
        return 0;
    }

    private static async Task<int> EnvHoldAsync(string topologyName, CancellationToken ct)
    {
        var env = await LabEnvironments.GetAsync(topologyName, ProgressWriter.Console(), ct);
        Console.WriteLine($"holding {env.Id}; end input or press Ctrl-C to remove it");
        try
        {
            await Task.Run(() => Console.In.ReadToEnd(), ct).WaitAsync(ct);
        }
        catch (OperationCanceledException) { }

        await LabEnvironments.DisposeAllAsync();
        Console.WriteLine($"removed {env.Id}");
        return 0;
    }

    private static async Task<int> EnvDownAsync(string id, CancellationToken ct)
    {
        if (!Teardown.KnownIds().Contains(id)) throw new LabSpecsException($"no environment '{id}'; known: {string.Join(", ", Teardown.KnownIds())}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var n = await Teardown.RemoveAsync(id, ct);
        Console.WriteLine($"environment {id} removed ({n} things) in {clock.Elapsed.TotalSeconds:0.00} s");
        return 0;
    }

    private static async Task<int> EnvDownAllAsync(CancellationToken ct)
    {
        foreach (var id in Teardown.KnownIds())
        {
            var ledger = Ledger.TryRead(new LabPaths(id).LedgerFile);
            if (ledger is { Detached: false } && ledger.OwnerAlive)
            {
                Console.WriteLine($"keeping {id}: owned by live process {ledger.OwnerPid} (use 'labspecs clean --all' to force)");
                continue;
            }

            await EnvDownAsync(id, ct);
        }

        return 0;
    }

    private static int EnvList()
    {
        var ids = Teardown.KnownIds();
        if (ids.Count == 0) Console.WriteLine("no environments");
        foreach (var id in ids.Order())
        {
            var ledger = Ledger.TryRead(new LabPaths(id).LedgerFile);
            var owner = ledger switch
            {
                null => "no ledger (leftover)",
                { Detached: true } => "detached (labspecs env up)",
                _ when ledger.OwnerAlive => $"owned by live process {ledger.OwnerPid}",
                _ => $"leftover of dead process {ledger.OwnerPid}",
            };
            Console.WriteLine($"{id}  {ledger?.Topology ?? "?",-12} {owner}  hosts: {string.Join(", ", ledger?.Hosts ?? [])}  ssh via: ip netns exec {id}-u ssh root@ADDRESS");
        }

        return 0;
    }

    private static async Task<int> CleanAsync(bool all, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var n = await Sweeper.SweepAsync(all, ct);
        Console.WriteLine($"removed {n} things of {(all ? "all" : "dead")} runs in {clock.Elapsed.TotalSeconds:0.00} s");
        return 0;
    }

    /// <summary>ssh from the underlay of the newest running environment that has the host, as a person would type it there.</summary>
    private static async Task<int> SshAsync(string host, string[] command, CancellationToken ct, string? onlyId = null)
    {
        var candidates = Teardown.KnownIds().Where(id => onlyId is null || id == onlyId)
            .Select(id => (Id: id, Ledger: Ledger.TryRead(new LabPaths(id).LedgerFile)))
            .Where(e => e.Ledger is { } l && (l.Detached || l.OwnerAlive) && l.Hosts.Contains(host))
            .OrderByDescending(e => File.GetLastWriteTimeUtc(new LabPaths(e.Id).LedgerFile))
            .ToList();
        if (candidates.Count == 0)
        {
            throw new LabSpecsException($"no running environment has a host '{host}'; start one with 'labspecs env up <topology>' (see 'labspecs env list')");
        }

        var underlay = $"{candidates[0].Id}-u";
        // the user (root on embedded hosts, vagrant on VMs), key and known hosts are in the underlay's /etc/netns ssh_config
        Console.Error.WriteLine($"[{underlay}]$ ssh {host} {string.Join(' ', command)}");
        var result = await LocalProcess.RunAsync("ip", ["netns", "exec", underlay, "ssh", host, .. command], Timeouts.Default.Exec, ct: ct);
        Console.Write(result.Stdout);
        Console.Error.Write(result.Stderr);
        return result.ExitCode;
    }

    private static async Task<int> CapabilitiesAsync(CancellationToken ct)
    {
        var caps = await CapabilityProbe.ProbeAsync(ct);
        foreach (var c in caps.Present.Order()) Console.WriteLine($"  yes  {c}");
        foreach (var (c, why) in caps.Missing.OrderBy(kv => kv.Key)) Console.WriteLine($"  no   {c}: {why}");
        return 0;
    }
}
