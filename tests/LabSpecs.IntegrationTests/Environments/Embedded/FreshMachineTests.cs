using System.Diagnostics;
using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Environments.Embedded;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.IntegrationTests.Environments.Embedded;

/// <summary>
/// What a new machine lacks, checked on this one: hosts boot where dockerd never ran (no /var/lib/docker), every tool the
/// labs use resolves after setup, and a host that cannot boot fails its environment at once with its logs.
/// </summary>
[TestFixture, Category("environment"), NonParallelizable]
public sealed class FreshMachineTests
{
    private static TopologySpec SingleHost => EnvironmentFile.Topology("single-host");

    [Test]
    public async Task A_host_boots_on_a_machine_where_dockerd_never_ran()
    {
        // Given hosts that see the machine without /var/lib/docker and /var/lib/containerd (as before dockerd's first start)
        var provider = new EmbeddedProvider { HideFromHosts = ["/var/lib/docker", "/var/lib/containerd"] };

        // When the environment is created
        await using var env = await provider.CreateAsync(SingleHost, new ProgressToTestContext());

        // Then dockerd runs with its data in the host's own /var/lib/docker
        var info = await env.Host("docker-host").ExecAsync("docker info --format '{{.DockerRootDir}} {{.Driver}}' && findmnt -n -o TARGET /var/lib/docker");
        info.ExitCode.ShouldBe(0, info.ToTranscript());
        info.Stdout.ShouldContain("/var/lib/docker overlay2", Case.Sensitive, info.ToTranscript());
    }

    [Test]
    public async Task Every_tool_listed_in_host_tools_resolves_on_a_lab_host()
    {
        // Given the tools the host images hold (environments/embedded/host-tools.txt: host and both)
        var tools = HostToolsFile.Commands();
        tools.ShouldNotBeEmpty();
        tools.ShouldContain("dockerd");

        // When a lab host looks each one up on its PATH (its own root: an overlay of its host image)
        await using var env = await new EmbeddedProvider().CreateAsync(SingleHost, new ProgressToTestContext());
        var r = await env.Host("docker-host").ExecAsync(
            $"for t in {string.Join(' ', tools)}; do command -v \"$t\" >/dev/null || echo \"missing $t\"; done");

        // Then none is missing
        r.ExitCode.ShouldBe(0, r.ToTranscript());
        r.Stdout.Trim().ShouldBeEmpty($"commands missing on the lab host (add their packages to host-tools.txt as host or both):\n{r.ToTranscript()}");
    }

    [Test]
    public async Task A_host_whose_boot_script_exits_fails_its_environment_at_once_with_the_boot_log()
    {
        // Given a boot script that exits as host-boot.sh would on a failed mount
        var provider = new EmbeddedProvider
        {
            BootScriptText = "#!/bin/sh\necho 'mount: /var/lib/docker: mount point does not exist' >&2\nexit 32\n",
        };
        var clock = Stopwatch.StartNew();

        // When the environment is created
        var e = await Should.ThrowAsync<HostBootFailedException>(() => provider.CreateAsync(SingleHost, new ProgressToTestContext()));
        TestContext.Progress.WriteLine($"  (expected) failed after {clock.Elapsed.TotalSeconds:0.0} s: {e.Message.Split('\n')[0]}");

        // Then it fails because the boot script exited (the watchdog), not after the readiness timeout, and shows the boot log
        e.Message.ShouldContain("boot script exited");
        e.Message.ShouldNotContain("Timed out");
        e.Message.ShouldContain("mount point does not exist");
        await AssertNoEnvironmentOfThisProcessLeftAsync();
    }

    [Test]
    public async Task A_dockerd_that_dies_during_boot_fails_its_environment_at_once_with_its_log()
    {
        // Given hosts whose dockerd exits at once (a configuration file that does not exist)
        var provider = new EmbeddedProvider
        {
            BootScriptText = EmbeddedProvider.DefaultBootScript.Replace("/usr/sbin/dockerd", "/usr/sbin/dockerd --config-file /nonexistent/daemon.json"),
        };

        // When the environment is created
        var e = await Should.ThrowAsync<HostBootFailedException>(() => provider.CreateAsync(SingleHost, new ProgressToTestContext()));
        TestContext.Progress.WriteLine("  (expected) " + e.Message.Split('\n')[0]);

        // Then the failure names dockerd and carries its log
        e.Message.ShouldContain("dockerd exited during boot");
        e.Message.ShouldNotContain("Timed out");
        e.Message.ShouldContain("/nonexistent/daemon.json");
        await AssertNoEnvironmentOfThisProcessLeftAsync();
    }

    [Test]
    public async Task A_containerd_that_does_not_start_fails_its_environment_at_once_with_its_log()
    {
        // Given hosts whose containerd exits at once (a configuration file that does not exist)
        var provider = new EmbeddedProvider
        {
            BootScriptText = EmbeddedProvider.DefaultBootScript.Replace("/usr/bin/containerd >>", "/usr/bin/containerd --config /nonexistent/config.toml >>"),
        };

        // When the environment is created
        var e = await Should.ThrowAsync<HostBootFailedException>(() => provider.CreateAsync(SingleHost, new ProgressToTestContext()));
        TestContext.Progress.WriteLine("  (expected) " + e.Message.Split('\n')[0]);

        // Then it fails before dockerd is started, not after the readiness timeout, and shows containerd's own words. Who
        // notices first is a race, and either says so: the boot script ("containerd did not start", then it exits) or the
        // provider's watchdog, which watches containerd's PID ("containerd exited during boot").
        e.Message.ShouldNotContain("Timed out");
        e.Message.ShouldMatch(@"containerd (did not start|exited during boot)");
        e.Message.ShouldNotContain("dockerd exited");
        e.Message.ShouldContain("/nonexistent/config.toml");
        await AssertNoEnvironmentOfThisProcessLeftAsync();
    }

    private static async Task AssertNoEnvironmentOfThisProcessLeftAsync()
    {
        foreach (var id in Teardown.KnownIds())
        {
            if (Ledger.TryRead(new LabPaths(id).LedgerFile) is { } ledger && ledger.OwnerPid != Environment.ProcessId) continue;
            await TeardownAndLeftoverTests.AssertNothingLeftAsync(id);
        }
    }
}

/// <summary>Reads environments/embedded/host-tools.txt: "command package where used-by" per line ("-" command: package only).</summary>
internal static class HostToolsFile
{
    public static string Path => System.IO.Path.Combine(RepositoryRoot(), "environments", "embedded", "host-tools.txt");

    public static string RepositoryRootPath => RepositoryRoot();

    public static IReadOnlyList<string> Commands() =>
        File.ReadAllLines(Path).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length >= 3 && f[0] != "-" && f[2] is "host" or "both")
            .Select(f => f[0]).ToList();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "LabSpecs.sln"))) return dir.FullName;
        }

        throw new LabSpecsException($"No LabSpecs.sln above {AppContext.BaseDirectory}");
    }
}
