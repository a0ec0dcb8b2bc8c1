using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LabSpecs.Core;
using LabSpecs.Environments.Ssh;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// One lab host made of namespaces: its own network stack (eth0 on the underlay bridge), hostname, mounts and PID space,
/// running a real dockerd and sshd. Commands run inside it through nsenter, in the host's cgroup.
/// </summary>
public sealed class EmbeddedHost(HostSpec spec, LabPaths paths, SshEndpoint ssh, Images.HostImage image) : ILabHost
{
    /// <summary>The host image its root is an overlay of (its engine and tools).</summary>
    public Images.HostImage Image => image;

    private int _launcherPid;
    private long _initStart;

    public string Name => spec.Name;

    public IPAddress Address => spec.Address;

    public HostSpec Spec => spec;

    public Uri DockerEndpoint => new("unix://" + paths.DockerSocket(spec.Name));

    private SshEndpoint _sshEndpoint = ssh;
    private SshSession? _session;

    public SshEndpoint Ssh
    {
        get => _sshEndpoint;
        internal set
        {
            _sshEndpoint = value;
            CloseSession();
        }
    }

    /// <summary>"nsenter" (default) or "ssh" (LABSPECS_CHANNEL): how commands and Docker API calls reach this host.</summary>
    public string Channel { get; init; } = HostChannel.FromEnvironment();

    public string Netns => paths.HostNetns(spec.Name);

    public string Cgroup => paths.Cgroup(spec.Name);

    /// <summary>PID (in the root PID namespace) of the host's PID 1 (tini), the target of nsenter.</summary>
    public int InitPid { get; private set; }

    public bool Running => InitPid > 0 && Directory.Exists($"/proc/{InitPid}");

    public async Task<ExecResult> ExecAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        if (!Running) throw new LabSpecsException($"Host {Name} is not running (stopped or not yet started); cannot run: {command}");
        if (Channel == Channels.Ssh)
        {
            return await Session.RunAsync(command, timeout ?? Timeouts.Default.Exec, ct).ConfigureAwait(false);
        }

        // The command stays in this process's cgroups: each cgroup v1 move waits for an RCU grace period (9 hierarchies: ~1 ms
        // quiet, 20 ms on average and up to 0.25 s under load, seconds at worst). It is in the host's PID namespace, so
        // whatever it leaves running (a daemon started with nohup) ends with the host's PID 1 at teardown. nsenter itself
        // starts the shell in the host's /root (--wdns: the host's own, not this machine's): no shells around it.
        var env = new Dictionary<string, string>(HostFiles.SessionEnvironment)
        {
            ["HOME"] = "/root", ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        };
        var r = await LocalProcess.RunAsync("nsenter",
            ["-t", InitPid.ToString(CultureInfo.InvariantCulture), "-n", "-m", "-u", "-i", "-p", "--wdns=/root", "--", "/bin/sh", "-c", command],
            timeout ?? Timeouts.Default.Exec, env: env, ct: ct).ConfigureAwait(false);
        return r with { Command = command, Where = Name, Channel = HostChannel.Nsenter };
    }

    public async Task<Stream> DialDockerAsync(CancellationToken ct = default)
    {
        if (Channel == Channels.Ssh)
        {
            return await Session.OpenStreamAsync("docker system dial-stdio", ct).ConfigureAwait(false);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(paths.DockerSocket(Name)), ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The host's one SSH session (through the environment's loopback forwarder into the underlay), opened on first use.</summary>
    private SshSession Session => _session ??= new SshSession(Name, Ssh);

    internal void CloseSession()
    {
        _session?.Dispose();
        _session = null;
    }

    internal async Task LaunchAsync(string bootScript, CancellationToken ct)
    {
        var run = paths.HostRun(Name);
        _daemons.Clear(); // the daemons of an earlier boot (a stopped host started again)
        // A fresh /run each boot: stale pid files of a killed dockerd would stop the new one.
        if (Directory.Exists(run)) Directory.Delete(run, recursive: true);
        Directory.CreateDirectory(run);
        var pidFile = paths.HostLauncherPidFile(Name);
        File.Delete(pidFile);
        var state = paths.HostState(Name);
        var launch =
            $"{Cgroups.JoinScript(Cgroup)} echo $$ > {pidFile}; " +
            $"exec nsenter --net=/run/netns/{Netns} unshare --mount --uts --ipc --pid --fork --propagation private --kill-child " +
            $"tini -- /bin/sh {bootScript}";
        var env = new Dictionary<string, string>
        {
            ["LS_HOSTNAME"] = Name, ["LS_ENVIRONMENT"] = paths.Id, ["LS_STATE"] = state, ["LS_RUN"] = run, ["LS_ADDRESS"] = Address.ToString(),
            ["LS_IMAGE"] = image.Root,
            ["LS_DAEMON_GOGC"] = Environment.GetEnvironmentVariable("LABSPECS_DAEMON_GOGC") ?? "400",
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", ["HOME"] = "/root",
        };
        // setsid -f: the host must not share our terminal's process group (Ctrl-C is handled by our own teardown).
        await LocalProcess.RunAsync("setsid", ["-f", "/bin/sh", "-c", launch + $" >>{Path.Combine(paths.Runtime, Name, "boot.log")} 2>&1 </dev/null"],
            TimeSpan.FromSeconds(10), env: env, ct: ct).ConfigureAwait(false);

        var launched = await Eventually.UntilAsync($"{Name}: PID 1 of the host started",
            _ => Task.FromResult(ReadInitPid(pidFile)), pid => pid > 0, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10), ct: ct).ConfigureAwait(false);
        InitPid = launched.Value;
        _initStart = ProcessInfo.StartTime(InitPid);
    }

    private int ReadInitPid(string pidFile)
    {
        if (!File.Exists(pidFile)) return 0;
        var text = File.ReadAllText(pidFile).Trim();
        if (!int.TryParse(text, CultureInfo.InvariantCulture, out var launcher)) return 0;
        _launcherPid = launcher;
        var children = $"/proc/{launcher}/task/{launcher}/children";
        var first = File.Exists(children) ? File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        if (int.TryParse(first, CultureInfo.InvariantCulture, out var init)) return init;
        // The launcher (nsenter, then unshare) waits for the host's PID 1; gone or a zombie without it: the boot already ended.
        if (!Directory.Exists($"/proc/{launcher}") || ProcessInfo.IsZombie(launcher))
        {
            throw new HostBootFailedException($"{Name}: the host's boot script exited before dockerd and sshd were ready\n{BootLogs()}");
        }

        return 0;
    }

    /// <summary>
    /// Waits until dockerd answers /_ping on the host's socket and sshd sends its banner on the lab address. A watchdog
    /// fails the wait at once (not after the timeout) when the host's boot script exits or dockerd/sshd dies; every
    /// failure carries the last lines of the boot, dockerd and sshd logs.
    /// </summary>
    internal async Task WaitReadyAsync(string underlayNetnsPath, TimeSpan timeout, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var docker = Eventually.UntilAsync($"{Name}: dockerd answers on {paths.DockerSocket(Name)}",
            c => DockerPingAsync(paths.DockerSocket(Name), c), ok => ok, timeout, TimeSpan.FromMilliseconds(50), ct: stop.Token);
        // sshd writes its PID file once it listens: until then a probe would only be refused (and cost a thread and a socket)
        var sshdPid = Path.Combine(paths.HostRun(Name), "sshd.pid");
        var sshd = Eventually.UntilAsync($"{Name}: sshd answers on {Address}:22",
            c => File.Exists(sshdPid) ? SshBannerAsync(underlayNetnsPath, c) : Task.FromResult(false), ok => ok, timeout, TimeSpan.FromMilliseconds(50), ct: stop.Token);
        var ready = Task.WhenAll(docker, sshd);
        var watchdog = WatchBootAsync(stop.Token);
        try
        {
            if (await Task.WhenAny(ready, watchdog).ConfigureAwait(false) == watchdog)
            {
                await watchdog.ConfigureAwait(false); // throws HostBootFailedException
            }

            await ready.ConfigureAwait(false);
        }
        catch (WaitTimeoutException e)
        {
            throw new HostBootFailedException($"{e.Message}\n{BootLogs()}", e);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(ready, watchdog).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Polls until cancelled; throws as soon as the boot script (the host's PID 1) or one of its daemons is gone.</summary>
    private async Task WatchBootAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (!ProcessInfo.IsAlive(InitPid, _initStart))
            {
                throw new HostBootFailedException($"{Name}: the host's boot script exited before dockerd and sshd were ready\n{BootLogs()}");
            }

            foreach (var daemon in new[] { "containerd", "dockerd", "sshd" })
            {
                if (DaemonDied(daemon))
                {
                    throw new HostBootFailedException($"{Name}: {daemon} exited during boot\n{BootLogs()}");
                }
            }

            try { await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>The daemons' processes as seen from this machine (PID, start time), found once: the watchdog then reads two files a round.</summary>
    private readonly Dictionary<string, (int Pid, long Start)> _daemons = [];

    /// <summary>The boot script wrote the daemon's PID (in the host's PID namespace) and no process of the host has it any more.</summary>
    private bool DaemonDied(string daemon)
    {
        if (_daemons.TryGetValue(daemon, out var known)) return !ProcessInfo.IsAlive(known.Pid, known.Start);
        var pidFile = Path.Combine(paths.HostRun(Name), $"labspecs-{daemon}.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var inner)) return false;
        foreach (var pid in Cgroups.Processes(Cgroup))
        {
            if (ProcessInfo.NamespacePid(pid) != inner || ProcessInfo.IsZombie(pid)) continue;
            var start = ProcessInfo.StartTime(pid);
            if (start >= 0) _daemons[daemon] = (pid, start);
            return false;
        }

        return true;
    }

    private string BootLogs() => string.Join("\n", new[] { "boot.log", "run/containerd.log", "run/dockerd.log", "run/sshd.log" }.Select(f =>
    {
        var p = Path.Combine(paths.Runtime, Name, f);
        return $"--- {f} (last lines)\n" + (File.Exists(p) ? string.Join('\n', File.ReadLines(p).TakeLast(15)) : "(missing)");
    }));

    internal static async Task<bool> DockerPingAsync(string socketPath, CancellationToken ct)
    {
        if (!File.Exists(socketPath)) return false;
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(2));
        await s.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token).ConfigureAwait(false);
        await s.SendAsync("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8.ToArray(), cts.Token).ConfigureAwait(false);
        var buffer = new byte[512];
        var n = await s.ReceiveAsync(buffer, cts.Token).ConfigureAwait(false);
        return Encoding.ASCII.GetString(buffer, 0, n).Contains(" 200 ", StringComparison.Ordinal);
    }

    private async Task<bool> SshBannerAsync(string underlayNetnsPath, CancellationToken ct)
    {
        using var s = await NetnsSocket.ConnectAsync(underlayNetnsPath, new IPEndPoint(Address, 22), TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        var buffer = new byte[64];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(2));
        var n = await s.ReceiveAsync(buffer, cts.Token).ConfigureAwait(false);
        return Encoding.ASCII.GetString(buffer, 0, n).StartsWith("SSH-", StringComparison.Ordinal);
    }

    /// <summary>Power cut: every process of the host (containers included) is killed; its disk state stays.</summary>
    internal async Task KillAsync(CancellationToken ct)
    {
        CloseSession();
        await Cgroups.KillAllAsync(Cgroup, TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
        if (_launcherPid > 0) Signal.Kill(_launcherPid);
        InitPid = 0;
    }
}

/// <summary>A lab host did not come up: its boot script exited, a daemon died, or readiness timed out; the message holds its logs.</summary>
public sealed class HostBootFailedException(string message, Exception? inner = null) : StopWaitingException(message, inner);
