using NUnit.Framework;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LabSpecs.Core;
using LabSpecs.Environments.Ssh;
using LabSpecs.Environments;
using Shouldly;

namespace LabSpecs.UnitTests.Environments.Ssh;

/// <summary>
/// Against a real sshd this fixture starts on 127.0.0.1 (free port, generated host and client keys, stopped by PID after).
/// Needs only this machine's openssh-server.
/// </summary>
[TestFixture]
[Category("ssh")]
[NonParallelizable]
public class SshSessionTests
{
    private string _dir = "";
    private Process? _sshd;
    private SshEndpoint _endpoint = null!;

    [OneTimeSetUp]
    public async Task StartSshd()
    {
        if (!File.Exists("/usr/sbin/sshd")) Assert.Ignore("openssh-server is not installed (/usr/sbin/sshd)");
        _dir = Directory.CreateTempSubdirectory("x-drv-sshtest-").FullName;
        await Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", $"{_dir}/host_key");
        await Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", $"{_dir}/client_key");
        File.Copy($"{_dir}/client_key.pub", $"{_dir}/authorized_keys");
        var fingerprint = (await Run("ssh-keygen", "-lf", $"{_dir}/host_key.pub")).Stdout.Split(' ')[1];
        var port = FreePort();
        await File.WriteAllTextAsync($"{_dir}/sshd_config", $"""
            Port {port}
            ListenAddress 127.0.0.1
            HostKey {_dir}/host_key
            PidFile {_dir}/sshd.pid
            AuthorizedKeysFile {_dir}/authorized_keys
            StrictModes no
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            """);
        Directory.CreateDirectory("/run/sshd"); // sshd's privilege-separation directory; shared with the system's sshd, so left in place
        _sshd = Process.Start(new ProcessStartInfo("/usr/sbin/sshd", ["-D", "-e", "-f", $"{_dir}/sshd_config"]) { RedirectStandardError = true })!;
        _endpoint = new SshEndpoint("127.0.0.1", port, Environment.UserName, $"{_dir}/client_key", fingerprint, IPAddress.Parse("192.168.205.10"));
        await Eventually.UntilAsync($"sshd listening on 127.0.0.1:{port}", async ct =>
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port, ct);
            return true;
        }, ok => ok, TimeSpan.FromSeconds(10));
    }

    [OneTimeTearDown]
    public void StopSshd()
    {
        if (_sshd is { HasExited: false })
        {
            _sshd.Kill(entireProcessTree: true);
            _sshd.WaitForExit(5000);
        }

        _sshd?.Dispose();
        if (_dir.Length > 0 && Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task A_command_gives_exit_code_stdout_stderr_duration_and_the_host_name()
    {
        using var host = new SshSession("host1", _endpoint);

        var r = await host.RunAsync("echo out; echo err >&2; exit 3", TimeSpan.FromSeconds(10));

        r.ExitCode.ShouldBe(3, r.ToTranscript());
        r.Stdout.ShouldBe("out\n", r.ToTranscript());
        r.Stderr.ShouldBe("err\n", r.ToTranscript());
        r.Where.ShouldBe("host1");
        r.Duration.ShouldBeGreaterThan(TimeSpan.Zero);
        r.ToTranscript().ShouldBe("[host1 via ssh]$ echo out; echo err >&2; exit 3\nout\nerr\n(exit code 3)");
    }

    [Test]
    public async Task Commands_share_one_session()
    {
        using var host = new SshSession("host1", _endpoint);

        await host.RunAsync("true");
        await host.RunAsync("true");

        host.Connections.ShouldBe(1);
    }

    [Test]
    public async Task A_host_key_other_than_the_pinned_one_is_refused()
    {
        using var host = new SshSession("host1", _endpoint with { HostKeySha256 = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });

        var e = await Should.ThrowAsync<HostKeyMismatchException>(() => host.RunAsync("true"));

        e.Message.ShouldContain(HostKeyPin.Normalize(_endpoint.HostKeySha256), customMessage: e.Message);
    }

    [Test]
    public async Task A_command_that_outlives_its_timeout_fails_and_the_session_stays_usable()
    {
        using var host = new SshSession("host1", _endpoint);

        var e = await Should.ThrowAsync<SshHostException>(() => host.RunAsync("echo started; sleep 10", TimeSpan.FromSeconds(1)));
        var after = await host.RunAsync("echo still-here");

        e.Message.ShouldContain("Timed out after 1 s on host1", customMessage: e.Message);
        after.Stdout.ShouldBe("still-here\n");
    }

    [Test]
    public async Task A_dropped_session_is_reopened_once()
    {
        using var host = new SshSession("host1", _endpoint);
        await host.RunAsync("true");

        // End the per-connection sshd processes (children of the sshd this fixture started), as a reboot or network cut would.
        foreach (var child in ChildrenOf(_sshd!.Id)) Process.GetProcessById(child).Kill(entireProcessTree: true);
        await Task.Delay(300);
        var r = await host.RunAsync("echo back");

        r.Stdout.ShouldBe("back\n", r.ToTranscript());
        host.Connections.ShouldBe(2);
    }

    [Test]
    public async Task A_command_cut_off_by_a_dropped_session_is_not_run_again()
    {
        var marker = Path.Combine(_dir, "ran-" + Guid.NewGuid().ToString("N"));
        using var host = new SshSession("host1", _endpoint);
        await host.RunAsync("true");

        // When the session drops while the command runs (it has started: it wrote its first line)
        var running = host.RunAsync($"echo started >> {marker}; sleep 2; echo finished >> {marker}");
        await LabSpecs.Core.Eventually.UntilAsync("the command started", _ => Task.FromResult(File.Exists(marker)), s => s, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
        foreach (var child in ChildrenOf(_sshd!.Id)) Process.GetProcessById(child).Kill(entireProcessTree: true);

        // Then it fails saying so, and it was not started a second time
        var e = await Should.ThrowAsync<SshHostException>(() => running);
        e.Message.ShouldContain("not run again");
        await Task.Delay(2500);
        (await File.ReadAllLinesAsync(marker)).ShouldBe(["started"]);
    }

    [Test]
    public async Task An_unreachable_port_fails_with_host_and_address()
    {
        using var host = new SshSession("host1", _endpoint with { Port = FreePort() });

        var e = await Should.ThrowAsync<SshHostException>(() => host.RunAsync("true"));

        e.Message.ShouldContain("Cannot open SSH to host1", customMessage: e.Message);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static IEnumerable<int> ChildrenOf(int pid) =>
        Directory.GetDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(n => int.TryParse(n, out _))
            .Select(n => (Pid: int.Parse(n!), Stat: TryRead($"/proc/{n}/stat")))
            .Where(p => p.Stat is not null && int.TryParse(p.Stat[(p.Stat.LastIndexOf(')') + 2)..].Split(' ')[1], out var ppid) && ppid == pid)
            .Select(p => p.Pid)
            .ToList();

    private static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; }
    }

    private static async Task<ExecResult> Run(string file, params string[] args) =>
        (await LocalProcess.RunAsync(file, args, TimeSpan.FromSeconds(20))).EnsureSuccess();
}
