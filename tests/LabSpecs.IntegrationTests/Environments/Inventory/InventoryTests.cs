using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Environments.Inventory;
using LabSpecs.Environments.Ssh;
using LabSpecs.IntegrationTests.Environments.Embedded;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.IntegrationTests.Environments.Inventory;

/// <summary>
/// The inventory provider against real sshd and dockerd: embedded two-node hosts reached only through an inventory file
/// (loopback ports forwarded to each sshd, as Vagrant does), the way a user's own machines are reached.
/// </summary>
[TestFixture, Category("environment"), Category("inventory"), NonParallelizable]
public sealed class InventoryTests
{
    private ILabEnvironment _embedded = null!;
    private string _dir = null!;

    [OneTimeSetUp]
    public async Task CreateHostsToReach()
    {
        _embedded = await LabEnvironments.GetAsync("two-node", new ProgressToTestContext());
        _dir = Directory.CreateTempSubdirectory("labspecs-inventory").FullName;
    }

    [OneTimeTearDown]
    public async Task RemoveThem()
    {
        await LabEnvironments.RemoveAsync(_embedded);
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>An inventory of the embedded hosts; <paramref name="edit"/> changes a host's lines (wrong key, port, …).</summary>
    private HostInventory Inventory(Func<string, string, string>? edit = null, string top = "")
    {
        var text = top + "hosts:\n" + string.Concat(_embedded.Hosts.Select(h =>
        {
            var block = $"  {h.Name}:\n    address: {h.Address}\n    host: {h.Ssh.Host}\n    port: {h.Ssh.Port}\n    user: root\n" +
                        $"    identity_file: {h.Ssh.PrivateKeyPath}\n    host_key: SHA256:{h.Ssh.HostKeySha256}\n";
            return edit is null ? block : edit(h.Name, block);
        }));
        var path = Path.Combine(_dir, $"inv-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, text);
        return InventoryFile.Load(path);
    }

    private static TopologySpec TwoNode(HostInventory inventory) => InventoryProvider.Bind(EnvironmentFile.Topology("two-node"), inventory);

    [Test]
    public async Task Hosts_of_an_inventory_run_commands_and_docker_over_ssh_only()
    {
        var progress = new RecordingProgress();
        await using var env = await new InventoryProvider().CreateAsync(TwoNode(Inventory()), progress);

        var node2 = env.Host("docker-node2");
        var r = await node2.ExecAsync("hostname; ip -4 -o addr show eth0");
        r.Channel.ShouldBe(Channels.Ssh);
        r.Stdout.ShouldStartWith("docker-node2\n", customMessage: r.ToTranscript());
        r.Stdout.ShouldContain("192.168.205.11/24");
        await using var docker = await node2.DialDockerAsync();
        var ping = await HttpOverAsync(docker, "GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n");
        ping.ShouldStartWith("HTTP/1.1 200 OK", customMessage: ping);
        env.Capabilities.Has("vxlan").ShouldBeTrue(string.Join(", ", env.Capabilities.Missing.Keys));
        progress.Lines.ShouldContain(l => l.StartsWith("holding docker-node1, docker-node2 for run inv-", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_wrong_host_key_fails_at_once_naming_the_host_and_both_fingerprints_and_leaves_nothing()
    {
        const string wrong = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        var inventory = Inventory((name, block) => name == "docker-node2"
            ? string.Join('\n', block.Split('\n').Select(l => l.StartsWith("    host_key:", StringComparison.Ordinal) ? $"    host_key: {wrong}" : l))
            : block);
        var clock = Stopwatch.StartNew();

        var e = await Should.ThrowAsync<HostKeyMismatchException>(() => new InventoryProvider().CreateAsync(TwoNode(inventory), NullEvidenceSink.Instance));

        TestContext.Out.WriteLine($"failed after {clock.Elapsed.TotalSeconds:0.00} s: {e.Message}");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the issue allows 10 s for a key mismatch to fail the run");
        e.Message.ShouldContain("docker-node2");
        e.Message.ShouldContain(wrong);
        e.Message.ShouldContain("SHA256:" + _embedded.Host("docker-node2").Ssh.HostKeySha256);
        await ShouldBeFreeAsync();
    }

    [Test]
    public async Task An_unreachable_ssh_port_fails_at_once_saying_so()
    {
        int closed;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closed = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var inventory = Inventory((name, block) => name == "docker-node1" ? block.Replace($"    port: {_embedded.Host(name).Ssh.Port}\n", $"    port: {closed}\n") : block);
        var clock = Stopwatch.StartNew();

        var e = await Should.ThrowAsync<SshHostException>(() => new InventoryProvider().CreateAsync(TwoNode(inventory), NullEvidenceSink.Instance));

        TestContext.Out.WriteLine($"failed after {clock.Elapsed.TotalSeconds:0.00} s: {e.Message}");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        e.Message.ShouldContain($"Cannot open SSH to docker-node1 (root@127.0.0.1:{closed}");
        await ShouldBeFreeAsync();
    }

    [Test]
    public async Task An_unpinned_host_key_is_refused_unless_accept_new_is_asked_for_and_then_it_is_written_down()
    {
        var knownHosts = Path.Combine(_dir, $"known_hosts-{Guid.NewGuid():N}");
        string Unpinned(string name, string block) => string.Join('\n', block.Split('\n').Where(l => !l.StartsWith("    host_key:", StringComparison.Ordinal)));

        var refused = await Should.ThrowAsync<UnknownHostKeyException>(() =>
            new InventoryProvider().CreateAsync(TwoNode(Inventory(Unpinned, $"known_hosts: {knownHosts}\n")), NullEvidenceSink.Instance));
        refused.Message.ShouldContain("is not pinned");
        File.Exists(knownHosts).ShouldBeFalse("nothing is trusted without being asked");

        await using (await new InventoryProvider().CreateAsync(TwoNode(Inventory(Unpinned, $"known_hosts: {knownHosts}\nhost_keys: accept-new\n")), NullEvidenceSink.Instance)) { }
        var node1 = _embedded.Host("docker-node1").Ssh;
        new KnownHosts(knownHosts).Fingerprints(node1.Host, node1.Port).ShouldBe([node1.HostKeySha256]);

        // now pinned by the file: accepted without accept-new
        await using (await new InventoryProvider().CreateAsync(TwoNode(Inventory(Unpinned, $"known_hosts: {knownHosts}\n")), NullEvidenceSink.Instance)) { }
    }

    [Test]
    public async Task A_second_run_on_the_same_hosts_waits_for_the_first_naming_it()
    {
        var inventory = Inventory();
        var first = await new InventoryProvider().CreateAsync(TwoNode(inventory), NullEvidenceSink.Instance);
        var progress = new RecordingProgress();
        var second = new InventoryProvider().CreateAsync(TwoNode(inventory), progress);
        try
        {
            var waited = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(3)));
            waited.ShouldNotBe(second, "the second run must not get the hosts while the first holds them");
            progress.Lines.ShouldContain(l => l.Contains($"is in use by run {first.Id} of ", StringComparison.Ordinal) && l.Contains("waiting up to"),
                string.Join('\n', progress.Lines));
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var secondEnv = await second.WaitAsync(TimeSpan.FromSeconds(30));
        secondEnv.Id.ShouldNotBe(first.Id);
    }

    [Test]
    public async Task Reset_removes_what_the_run_labelled_and_nothing_of_anybody_else()
    {
        var node1 = _embedded.Host("docker-node1");
        (await node1.ExecAsync("docker create --name somebody-elses busybox true >/dev/null")).EnsureSuccess();
        try
        {
            await using var env = await new InventoryProvider().CreateAsync(TwoNode(Inventory()), NullEvidenceSink.Instance);
            var host = env.Host("docker-node1");
            (await host.ExecAsync($"docker create --label labspecs.run={env.Id} --name ours busybox true >/dev/null && docker network create --label labspecs.run={env.Id} ours-net >/dev/null")).EnsureSuccess();

            await env.ResetAsync();

            var left = (await host.ExecAsync("docker ps -a --format '{{.Names}}'; docker network ls --format '{{.Name}}'")).EnsureSuccess().Stdout;
            left.ShouldContain("somebody-elses");
            left.ShouldNotContain("ours");
        }
        finally
        {
            await node1.ExecAsync("docker rm -f somebody-elses >/dev/null 2>&1; true");
        }
    }

    [Test]
    public async Task Reset_leaves_the_swarm_the_run_made_and_the_docker_gwbridge_it_brought()
    {
        var node1 = _embedded.Host("docker-node1");
        try
        {
            await using var env = await new InventoryProvider().CreateAsync(TwoNode(Inventory()), NullEvidenceSink.Instance);
            var host = env.Host("docker-node1");
            // a swarm, an attachable overlay and a container on it (dockerd then makes docker_gwbridge), all made by the run
            (await host.ExecAsync($"docker swarm init --advertise-addr {host.Address} >/dev/null && " +
                $"docker network create -d overlay --attachable --label labspecs.run={env.Id} ours-overlay >/dev/null && " +
                $"docker run -d --label labspecs.run={env.Id} --network ours-overlay busybox sleep 300 >/dev/null && " +
                "docker network inspect docker_gwbridge >/dev/null", TimeSpan.FromSeconds(60))).EnsureSuccess();

            await env.ResetAsync();

            var after = (await host.ExecAsync("docker info --format '{{.Swarm.LocalNodeState}}'; docker ps -aq | wc -l; docker network ls --format '{{.Name}}' | sort | tr '\\n' ' '")).EnsureSuccess();
            var lines = after.Stdout.Split('\n', StringSplitOptions.TrimEntries);
            lines[0].ShouldBe("inactive", after.ToTranscript());
            lines[1].ShouldBe("0", after.ToTranscript());
            after.Stdout.ShouldNotContain("docker_gwbridge", customMessage: after.ToTranscript());
            after.Stdout.ShouldNotContain("ours-overlay", customMessage: after.ToTranscript());
        }
        finally
        {
            await node1.ExecAsync("docker rm -f $(docker ps -aq) >/dev/null 2>&1; docker swarm leave --force >/dev/null 2>&1; docker network rm docker_gwbridge >/dev/null 2>&1; true");
        }
    }

    [Test]
    public async Task Reset_keeps_a_swarm_that_was_there_before_and_its_services_but_removes_the_runs_services()
    {
        var node1 = _embedded.Host("docker-node1");
        (await node1.ExecAsync($"docker swarm init --advertise-addr {node1.Address} >/dev/null && " +
            "docker service create -d --name somebody-elses-service busybox sleep 300 >/dev/null", TimeSpan.FromSeconds(60))).EnsureSuccess();
        try
        {
            await using var env = await new InventoryProvider().CreateAsync(TwoNode(Inventory()), NullEvidenceSink.Instance);
            var host = env.Host("docker-node1");
            (await host.ExecAsync($"docker service create -d --label labspecs.run={env.Id} --name ours-service busybox sleep 300 >/dev/null")).EnsureSuccess();

            await env.ResetAsync();

            var after = (await host.ExecAsync("docker info --format '{{.Swarm.LocalNodeState}}'; docker service ls --format '{{.Name}}' | sort | tr '\\n' ' '")).EnsureSuccess();
            var lines = after.Stdout.Split('\n', StringSplitOptions.TrimEntries);
            lines[0].ShouldBe("active", after.ToTranscript());
            lines[1].ShouldBe("somebody-elses-service", after.ToTranscript());
        }
        finally
        {
            await node1.ExecAsync("docker swarm leave --force >/dev/null 2>&1; docker rm -f $(docker ps -aq) >/dev/null 2>&1; docker network rm docker_gwbridge >/dev/null 2>&1; true", TimeSpan.FromSeconds(60));
        }
    }

    [Test]
    public async Task A_run_killed_with_sigkill_loses_its_host_locks_and_the_reaper_removes_what_it_labelled()
    {
        // Given a run (another process, with its reaper) holding the inventory's hosts
        var inventory = Inventory();
        var (owner, id) = await TeardownAndLeftoverTests.StartOwnerAsync(reaper: true, "two-node",
            new Dictionary<string, string> { [HostInventory.Variable] = inventory.File });
        id.ShouldStartWith("inv-");
        using var _ = owner;
        // and something on a host labelled with its run id (as its scenarios label what they make)
        var node1 = _embedded.Host("docker-node1");
        (await node1.ExecAsync($"docker create --label labspecs.run={id} --name of-the-killed-run busybox true >/dev/null")).EnsureSuccess();

        // When it is killed with SIGKILL (no handler runs)
        owner.Kill();
        await owner.WaitForExitAsync();

        // Then the hosts are free at once (the lock went with its SSH sessions) and the reaper removed its container
        await ShouldBeFreeAsync();
        var gone = await Eventually.UntilAsync("the killed run's container is removed",
            _ => node1.ExecAsync("docker ps -aq --filter name=of-the-killed-run"), r => r.Stdout.Trim().Length == 0,
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500));
        gone.Value.Stdout.Trim().ShouldBeEmpty();
        // the reaper removes the dead run's ledger once it has swept its hosts (the container may already have gone with the sweep above)
        var ledger = Path.Combine(InventoryLedger.Directory, id + ".json");
        (await Eventually.UntilAsync("the reaper removes the dead run's ledger", _ => Task.FromResult(File.Exists(ledger)), exists => !exists,
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250))).Value.ShouldBeFalse();
    }

    [Test]
    public async Task What_a_run_keeps_on_failure_survives_it_and_later_sweeps_until_its_mark_is_removed()
    {
        var node1 = _embedded.Host("docker-node1");
        string id;
        await using (var env = await new InventoryProvider().CreateAsync(TwoNode(Inventory()), NullEvidenceSink.Instance))
        {
            id = env.Id;
            (await env.Host("docker-node1").ExecAsync($"docker create --label labspecs.run={id} --name kept-for-debugging busybox true >/dev/null")).EnsureSuccess();
            var how = env.KeepForDebugging("a failing scenario").ShouldNotBeNull();
            how.ShouldContain($"label=labspecs.run={id}");
        }

        try
        {
            // a later run takes the hosts and sweeps leftovers of dead runs, but not what was kept
            await ShouldBeFreeAsync();
            (await node1.ExecAsync("docker ps -aq --filter name=kept-for-debugging")).Stdout.Trim().ShouldNotBeEmpty("kept things must survive later runs");

            // once its mark is removed, the next run's sweep takes it
            (await node1.ExecAsync($"rm -f {InventoryEnvironment.KeptDirectory}/{id}")).EnsureSuccess();
            await ShouldBeFreeAsync();
            (await node1.ExecAsync("docker ps -aq --filter name=kept-for-debugging")).Stdout.Trim().ShouldBeEmpty();
        }
        finally
        {
            await node1.ExecAsync($"docker rm -f kept-for-debugging >/dev/null 2>&1; rm -f {InventoryEnvironment.KeptDirectory}/{id}; true");
            await _embedded.Host("docker-node2").ExecAsync($"rm -f {InventoryEnvironment.KeptDirectory}/{id}; true");
        }
    }

    /// <summary>Nothing of a failed run holds the hosts: a new run gets them at once.</summary>
    private async Task ShouldBeFreeAsync()
    {
        var clock = Stopwatch.StartNew();
        await using var env = await new InventoryProvider().CreateAsync(TwoNode(Inventory()), NullEvidenceSink.Instance).WaitAsync(TimeSpan.FromSeconds(20));
        TestContext.Out.WriteLine($"hosts free again: a new run held them after {clock.Elapsed.TotalSeconds:0.00} s");
    }

    private static async Task<string> HttpOverAsync(Stream stream, string request)
    {
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return System.Text.Encoding.ASCII.GetString(buffer, 0, n);
    }

    private sealed class RecordingProgress : IEvidenceSink
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get { lock (_lines) return _lines.ToList(); }
        }

        public void Record(EvidenceItem item)
        {
            lock (_lines) _lines.Add(item.Title);
            TestContext.Progress.WriteLine($"labspecs: {item.Title}");
        }
    }
}
