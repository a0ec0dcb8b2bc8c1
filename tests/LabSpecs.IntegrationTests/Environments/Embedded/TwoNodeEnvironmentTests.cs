using LabSpecs.Environments;
using LabSpecs.Environments.Embedded;
using NUnit.Framework;
using Renci.SshNet;
using Shouldly;

namespace LabSpecs.IntegrationTests.Environments.Embedded;

/// <summary>The handbook's two-node lab as an embedded environment: real sshd, real dockerd, pulls through the local registry.</summary>
[TestFixture, Category("environment"), NonParallelizable]
public sealed class TwoNodeEnvironmentTests
{
    private ILabEnvironment _env = null!;

    [OneTimeSetUp]
    public async Task CreateTwoNodeEnvironment() => _env = await LabEnvironments.GetAsync("two-node", new ProgressToTestContext());

    [OneTimeTearDown]
    public async Task RemoveIt() => await LabEnvironments.RemoveAsync(_env);

    [Test]
    public async Task Ssh_from_the_underlay_to_node2_prints_its_hostname()
    {
        // When a person runs ssh in the underlay namespace with no extra flags (config and known hosts come from /etc/netns)
        var r = await _env.ExecOnUnderlayAsync("ssh root@192.168.205.11 hostname");

        r.ExitCode.ShouldBe(0, r.ToTranscript());
        r.Stdout.Trim().ShouldBe("docker-node2", r.ToTranscript());
    }

    [Test]
    public async Task SshNet_reaches_node2_through_the_loopback_forwarder_with_the_pinned_host_key()
    {
        var ssh = _env.Host("docker-node2").Ssh;
        using var client = new SshClient(new ConnectionInfo(ssh.Host, ssh.Port, ssh.User, new PrivateKeyAuthenticationMethod(ssh.User, new PrivateKeyFile(ssh.PrivateKeyPath))));
        string? seen = null;
        client.HostKeyReceived += (_, e) => { seen = e.FingerPrintSHA256; e.CanTrust = e.FingerPrintSHA256 == ssh.HostKeySha256; };

        await client.ConnectAsync(CancellationToken.None);
        using var cmd = client.RunCommand("hostname; ip -4 -o addr show eth0");

        seen.ShouldBe(ssh.HostKeySha256);
        cmd.Result.ShouldStartWith("docker-node2\n", customMessage: cmd.Result + cmd.Error);
        cmd.Result.ShouldContain("192.168.205.11/24");
        ssh.LabAddress.ToString().ShouldBe("192.168.205.11");
    }

    [Test]
    public async Task Each_host_has_its_address_on_eth0_and_answers_pings_without_a_rate_limit()
    {
        foreach (var host in _env.Hosts)
        {
            var r = (await host.ExecAsync("ip -4 -o addr show eth0; ip -o link show lo; cat /proc/sys/net/ipv4/icmp_ratelimit")).EnsureSuccess();
            r.Stdout.ShouldContain($"inet {host.Address}/24", customMessage: r.ToTranscript());
            r.Stdout.ShouldContain("LOOPBACK,UP", customMessage: r.ToTranscript());
            r.Stdout.TrimEnd().Split('\n')[^1].ShouldBe("0", r.ToTranscript());
        }
    }

    [Test]
    public async Task A_hosts_docker_is_its_engines_own_cli_over_nsenter_and_over_ssh()
    {
        // A docker installed by hand in this machine's /usr/local/bin comes first on PATH; the host must not run it
        const string versions = "docker version --format '{{.Client.Version}} {{.Server.Version}}'";
        var node1 = _env.Host("docker-node1");
        var viaNsenter = (await node1.ExecAsync(versions)).EnsureSuccess();
        var viaSsh = (await _env.ExecOnUnderlayAsync($"ssh root@{node1.Address} \"{versions}\"")).EnsureSuccess();

        var parts = viaNsenter.Stdout.Trim().Split(' ');
        parts.Length.ShouldBe(2, viaNsenter.ToTranscript());
        parts[0].ShouldBe(parts[1], "client and engine versions: " + viaNsenter.ToTranscript());
        viaSsh.Stdout.ShouldBe(viaNsenter.Stdout, viaSsh.ToTranscript());
    }

    [Test]
    public async Task A_hosts_containerd_runs_its_own_config_without_cri_and_with_a_garbage_collector_that_lets_it_idle()
    {
        // containerd 1.6.20 reschedules its collector every few ms when collections are fast (containerd#5089): the host's
        // config keeps the tick at 1 s. What containerd itself reports, so a config it did not read fails here.
        var r = (await _env.Host("docker-node1").ExecAsync("ctr plugins ls -d id==scheduler; ctr plugins ls")).EnsureSuccess();

        r.Stdout.ShouldMatch(@"PauseThreshold\s+0\n", r.ToTranscript());
        r.Stdout.ShouldMatch(@"io\.containerd\.gc\.v1\s+scheduler\s", r.ToTranscript());
        r.Stdout.ShouldNotMatch(@"io\.containerd\.grpc\.v1\s+cri\s", r.ToTranscript());
    }

    [Test]
    public async Task A_host_command_starts_in_the_hosts_own_root_home_as_in_an_ssh_session()
    {
        // When a command runs on a host the default way (nsenter) and over ssh
        var node1 = _env.Host("docker-node1");
        const string where = "pwd; [ \"$(stat -c %d:%i .)\" = \"$(stat -c %d:%i /root)\" ] && echo own-root; hostname";
        var viaNsenter = (await node1.ExecAsync(where)).EnsureSuccess();
        var viaSsh = (await _env.ExecOnUnderlayAsync($"ssh root@{node1.Address} '{where.Replace("'", "'\\''", StringComparison.Ordinal)}'")).EnsureSuccess();

        // Then both start in the host's /root (the host's own directory, not this machine's /root), on the host
        viaNsenter.Stdout.ShouldBe("/root\nown-root\ndocker-node1\n", viaNsenter.ToTranscript());
        viaSsh.Stdout.ShouldBe(viaNsenter.Stdout, viaSsh.ToTranscript());
    }

    [Test]
    public async Task Docker_run_busybox_pulls_through_the_local_registry_and_prints_hi()
    {
        var node1 = _env.Host("docker-node1");
        await node1.ExecAsync("docker rmi -f busybox >/dev/null 2>&1; true");

        var r = await node1.ExecAsync("docker run --rm busybox echo hi");

        r.ExitCode.ShouldBe(0, r.ToTranscript());
        r.Stdout.Trim().ShouldEndWith("hi", customMessage: r.ToTranscript());
        (r.Stdout + r.Stderr).ShouldContain("Pulling from library/busybox", customMessage: r.ToTranscript());
        var registryLog = await LabSpecs.Core.LocalProcess.RunAsync("cat", [$"/run/labspecs/{_env.Id}/registry.log"], TimeSpan.FromSeconds(5));
        var mirrors = await node1.ExecAsync("docker info --format '{{.RegistryConfig.Mirrors}}'");
        mirrors.Stdout.ShouldContain("http://192.168.205.2:5000/", customMessage: mirrors.ToTranscript() + registryLog.Stdout);
    }

    [Test]
    public async Task Each_host_has_its_own_hostname_engine_and_socket_visible_from_the_root_namespace()
    {
        var ids = new List<string>();
        foreach (var host in _env.Hosts)
        {
            var socket = host.DockerEndpoint.AbsolutePath;
            var ping = await LabSpecs.Core.LocalProcess.RunAsync("curl", ["-sS", "--unix-socket", socket, "http://docker/info"], TimeSpan.FromSeconds(10));
            ping.ExitCode.ShouldBe(0, ping.ToTranscript());
            ping.Stdout.ShouldContain($"\"Name\":\"{host.Name}\"", customMessage: ping.Stdout[..Math.Min(400, ping.Stdout.Length)]);
            var id = await host.ExecAsync("docker info --format '{{.ID}}'");
            ids.Add(id.Stdout.Trim());
            (await host.ExecAsync("hostname")).Stdout.Trim().ShouldBe(host.Name);
        }

        ids.Distinct().Count().ShouldBe(_env.Hosts.Count, string.Join(", ", ids));
    }

    [Test]
    public async Task A_cut_link_stops_traffic_between_nodes_and_restoring_it_brings_it_back()
    {
        var node1 = _env.Host("docker-node1");
        (await node1.ExecAsync("ping -c1 -W1 192.168.205.11")).ExitCode.ShouldBe(0);

        await _env.CutLinkAsync("docker-node2");
        var cut = await node1.ExecAsync("ping -c1 -W1 192.168.205.11");
        await _env.RestoreLinkAsync("docker-node2");
        var restored = await node1.ExecAsync("for i in 1 2 3 4 5; do ping -c1 -W1 192.168.205.11 && exit 0; done; exit 1");

        cut.ExitCode.ShouldNotBe(0, cut.ToTranscript());
        restored.ExitCode.ShouldBe(0, restored.ToTranscript());
    }

    [Test]
    public async Task A_stopped_host_is_down_and_comes_back_with_its_docker_state()
    {
        var node2 = _env.Host("docker-node2");
        (await node2.ExecAsync("docker network create kept-net")).EnsureSuccess();

        await _env.StopHostAsync("docker-node2");
        var whileDown = await _env.ExecOnUnderlayAsync("ssh -o ConnectTimeout=2 root@192.168.205.11 true");
        await _env.StartHostAsync("docker-node2");
        var networks = await node2.ExecAsync("docker network ls --format '{{.Name}}'");

        whileDown.ExitCode.ShouldNotBe(0, whileDown.ToTranscript());
        networks.Stdout.ShouldContain("kept-net", customMessage: networks.ToTranscript());
        await node2.ExecAsync("docker network rm kept-net");
    }

    [Test]
    public async Task Reset_removes_containers_networks_volumes_and_swarm_state_and_restores_cut_links()
    {
        var node1 = _env.Host("docker-node1");
        (await node1.ExecAsync("docker network create scenario-net && docker volume create scenario-vol && " +
            "docker run -d --name sleeper -v /data busybox sleep 300 && docker swarm init --advertise-addr 192.168.205.10")).EnsureSuccess();
        await _env.CutLinkAsync("docker-node2");

        await _env.ResetAsync();

        var after = await node1.ExecAsync("docker ps -aq | wc -l; docker network ls --format '{{.Name}}' | sort | tr '\\n' ' '; " +
            "echo; docker info --format '{{.Swarm.LocalNodeState}}'; docker volume ls -q | wc -l");
        var lines = after.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        lines[0].ShouldBe("0", after.ToTranscript());
        after.Stdout.ShouldContain("bridge host none", customMessage: after.ToTranscript());
        after.Stdout.ShouldNotContain("scenario-net", customMessage: after.ToTranscript());
        lines[2].ShouldBe("inactive", after.ToTranscript());
        lines[3].ShouldBe("0", after.ToTranscript()); // the named volume and the container's anonymous one
        var link = await _env.ExecOnUnderlayAsync("ssh -o ConnectTimeout=2 root@192.168.205.11 true");
        link.ExitCode.ShouldBe(0, link.ToTranscript());
    }

    [Test]
    public async Task Capabilities_come_from_real_probes_with_reasons()
    {
        _env.Capabilities.Has("vxlan").ShouldBeTrue(string.Join("; ", _env.Capabilities.Missing.Select(kv => $"{kv.Key}: {kv.Value}")));
        _env.Capabilities.Has("bridge").ShouldBeTrue();
        if (!_env.Capabilities.Has("gre")) _env.Capabilities.WhyMissing("gre").ShouldContain("GRE");
        _env.Capabilities.WhyMissing("kubernetes").ShouldNotBeNullOrWhiteSpace();
        await Task.CompletedTask;
    }

    [Test]
    public async Task The_sweep_leaves_an_environment_of_a_live_owner_alone()
    {
        await Sweeper.SweepAsync(all: false);

        (await _env.Host("docker-node1").ExecAsync("hostname")).Stdout.Trim().ShouldBe("docker-node1");
    }
}
