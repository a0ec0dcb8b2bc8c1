using System.Diagnostics;
using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Environments.Embedded;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.IntegrationTests.Environments.Embedded;

/// <summary>Down leaves nothing; what a killed run left is found by its ledger and removed; a live run's environment is kept.</summary>
[TestFixture, Category("environment"), NonParallelizable]
public sealed class TeardownAndLeftoverTests
{
    [Test]
    public async Task Down_leaves_no_namespace_cgroup_mount_process_directory_or_netns_config()
    {
        var env = (EmbeddedEnvironment)await LabEnvironments.GetAsync("single-host", new ProgressToTestContext());
        var id = env.Id;
        var initPid = ((EmbeddedHost)env.Host("docker-host")).InitPid;
        (await env.Host("docker-host").ExecAsync("docker run -d busybox sleep 300")).EnsureSuccess();
        // and a daemon a lab left running, started the way labs start etcd (detached from the command that started it)
        (await env.Host("docker-host").ExecAsync("setsid nohup sleep 4242 >/dev/null 2>&1 </dev/null &")).EnsureSuccess();
        (await LocalProcess.RunAsync("pgrep", ["-f", "^sleep 4242$"], TimeSpan.FromSeconds(5))).ExitCode.ShouldBe(0, "the lab's daemon should run");

        await LabEnvironments.RemoveAsync(env);

        await AssertNothingLeftAsync(id);
        var daemon = await LocalProcess.RunAsync("pgrep", ["-f", "^sleep 4242$"], TimeSpan.FromSeconds(5));
        daemon.ExitCode.ShouldBe(1, $"the daemon a lab started is left: {daemon.Stdout}");
        // Gone, or at most a zombie waiting for the machine's init to reap it (it no longer runs).
        (!Directory.Exists($"/proc/{initPid}") || ProcessInfo.IsZombie(initPid)).ShouldBeTrue($"host PID 1 ({initPid}) still runs");
    }

    [Test]
    public async Task The_environment_of_a_killed_owner_is_removed_by_the_next_sweep()
    {
        // Given an environment owned by another process that runs no reaper (as after the reaper itself was killed)
        var (owner, id) = await StartOwnerAsync(reaper: false);
        using var _ = owner;
        Sweeper.IsAbandoned(id).ShouldBeFalse("a live owner's environment must not count as abandoned");

        // When the owner is killed with SIGKILL (no cleanup runs) and a sweep follows
        owner.Kill();
        await owner.WaitForExitAsync();
        Directory.Exists($"/run/labspecs/{id}").ShouldBeTrue("kill -9 should have left the environment behind");
        Sweeper.IsAbandoned(id).ShouldBeTrue();
        var removed = await Sweeper.SweepAsync(all: false);

        // Then nothing of it is left
        removed.ShouldBeGreaterThan(0);
        await AssertNothingLeftAsync(id);
    }

    [Test]
    public async Task The_reaper_removes_the_environment_of_an_owner_killed_like_dotnet_test_on_ctrl_c()
    {
        // Given an environment owned by another process, which started its reaper
        var (owner, id) = await StartOwnerAsync(reaper: true);
        using var _ = owner;

        // When the owner is killed with SIGKILL (dotnet test kills the test host's process tree on Ctrl-C)
        owner.Kill();
        await owner.WaitForExitAsync();

        // Then the reaper, outside that tree, removes everything without any further run
        var outcome = await Eventually.UntilAsync($"the reaper removed {id}",
            _ => Task.FromResult(File.Exists(new LabPaths(id).LedgerFile)), // removed last: then everything else is gone
            (bool left) => !left, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        TestContext.Progress.WriteLine("  " + outcome);
        await AssertNothingLeftAsync(id);
    }

    [Test]
    public async Task An_owner_killed_while_its_environment_is_still_booting_leaves_nothing()
    {
        // Given an owner process (with its reaper) that has started creating an environment: hosts launched, not yet ready
        var cli = Path.Combine(AppContext.BaseDirectory, "labspecs.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", cli, "env", "hold", "two-node" }) psi.ArgumentList.Add(a);
        psi.Environment[Reaper.DisableVariable] = "1";
        using var owner = Process.Start(psi)!;
        var booting = await Eventually.UntilAsync($"owner {owner.Id} has launched a host",
            _ => Task.FromResult(LaunchedBy(owner.Id)), id => id is not null, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(5));
        var id = booting.Value!;
        TestContext.Progress.WriteLine($"  {booting}: {id}");

        // When the owner is killed with SIGKILL in the middle of creating it
        owner.Kill();
        await owner.WaitForExitAsync();

        // Then the reaper removes everything: namespaces, daemons, registry, state
        var outcome = await Eventually.UntilAsync($"the reaper removed {id}",
            _ => Task.FromResult(File.Exists(new LabPaths(id).LedgerFile)), // removed last: then everything else is gone
            (bool left) => !left, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        TestContext.Progress.WriteLine("  " + outcome);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the reaper's second pass
        await AssertNothingLeftAsync(id);
    }

    /// <summary>The id of an environment whose ledger names <paramref name="ownerPid"/> and one of whose hosts has been launched.</summary>
    private static string? LaunchedBy(int ownerPid)
    {
        foreach (var id in Teardown.KnownIds())
        {
            var paths = new LabPaths(id);
            if (Ledger.TryRead(paths.LedgerFile)?.OwnerPid != ownerPid) continue;
            if (Directory.Exists(paths.Runtime) && Directory.EnumerateFiles(paths.Runtime, "boot.log", SearchOption.AllDirectories).Any()) return id;
        }

        return null;
    }

    /// <summary>A `labspecs env hold TOPOLOGY` process and the id of the environment (or inventory run) it holds.</summary>
    internal static async Task<(Process Owner, string Id)> StartOwnerAsync(bool reaper, string topology = "single-host",
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "labspecs.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", cli, "env", "hold", topology }) psi.ArgumentList.Add(a);
        psi.Environment[Reaper.DisableVariable] = reaper ? "1" : "0";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var owner = Process.Start(psi)!;
        string? id = null;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
        {
            while (id is null && await owner.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                TestContext.Progress.WriteLine("  owner: " + line);
                if (line.StartsWith("holding ", StringComparison.Ordinal)) id = line.Split(' ')[1].TrimEnd(';');
            }
        }

        id.ShouldNotBeNull("the owner process never reported its environment");
        return (owner, id);
    }

    internal static async Task AssertNothingLeftAsync(string id)
    {
        Teardown.NetnsNames(id).ShouldBeEmpty();
        Directory.Exists($"/run/labspecs/{id}").ShouldBeFalse();
        Directory.Exists($"/var/lib/labspecs/{id}").ShouldBeFalse();
        Directory.Exists($"/etc/netns/{id}-u").ShouldBeFalse();
        File.Exists(new LabPaths(id).LedgerFile).ShouldBeFalse("the ledger goes last");
        foreach (var controller in Directory.GetDirectories("/sys/fs/cgroup"))
        {
            Directory.Exists(Path.Combine(controller, "labspecs", id)).ShouldBeFalse($"cgroup {controller}/labspecs/{id} left");
        }

        (await File.ReadAllTextAsync("/proc/self/mountinfo")).ShouldNotContain(id);
        var ps = await LocalProcess.RunAsync("ps", ["-eo", "pid,args"], TimeSpan.FromSeconds(5));
        ps.Stdout.ShouldNotContain(id, customMessage: ps.Stdout);
        var bridges = await LocalProcess.RunAsync("ip", ["-o", "link", "show", "type", "bridge"], TimeSpan.FromSeconds(5));
        bridges.Stdout.ShouldNotContain("ls-", customMessage: bridges.Stdout);
    }
}
