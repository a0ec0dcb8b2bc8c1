using LabSpecs.Core;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// Writes a host's copy-on-write upper layer (over its host image) before it boots: hostname, hosts, sshd config and host
/// key, root's ssh keys, Docker's daemon.json (registry mirror, cgroup parent). Whatever is written here shadows the image's file.
/// </summary>
internal static class HostFiles
{
    /// <summary>The host's root overlay: its upper dir (what the host changed or was given) and the mount point host-boot.sh pivots into.</summary>
    public static string Upper(LabPaths paths, string host, string path = "") => Path.Combine(paths.HostState(host), "upper", path.TrimStart('/'));

    /// <summary>Makes <paramref name="path"/> of the host image absent inside the host: an overlayfs whiteout in its upper layer.</summary>
    public static async Task HideAsync(LabPaths paths, HostSpec host, string path, CancellationToken ct)
    {
        if (path.Trim('/').Length == 0) throw new LabSpecsException($"Cannot hide {path} from lab hosts: name a path below /");
        var whiteout = Upper(paths, host.Name, path.TrimEnd('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(whiteout)!);
        await Sh.MustAsync($"mknod {LocalProcess.Quote(whiteout)} c 0 0", ct: ct).ConfigureAwait(false);
    }

    /// <summary>The catalog's layer chains, read once per process (the catalog is built before the first environment).</summary>
    private static IReadOnlyList<IReadOnlyList<string>> Chains => _chains ??= LayerSeed.Enabled ? LayerSeed.Chains(LayerSeed.CatalogUnpacked) : [];

    private static IReadOnlyList<IReadOnlyList<string>>? _chains;

    /// <summary>
    /// The machine's name servers, which no lab host can reach (no route out), with a 1 s timeout and one attempt: Docker's
    /// embedded DNS gives no answer when it cannot forward, so a lookup of a name the lab does not know ("bad address 'db'")
    /// fails after 1 s instead of glibc's default 2 x 5 s. Docker copies the options into containers' resolv.conf.
    /// </summary>
    internal static string ResolvConf()
    {
        var servers = File.Exists("/etc/resolv.conf")
            ? File.ReadLines("/etc/resolv.conf").Where(l => l.TrimStart().StartsWith("nameserver", StringComparison.Ordinal)).ToList()
            : [];
        return "# Written by LabSpecs: lab hosts have no route to these servers; names outside the lab fail after 1 s\n" +
            string.Join("", servers.Select(l => l.Trim() + "\n")) + "options timeout:1 attempts:1\n";
    }

    /// <summary>
    /// Variables every command on a lab host gets (nsenter and ssh sessions alike, sshd's SetEnv). Only
    /// SETUPTOOLS_USE_DISTUTILS=stdlib: docker-compose 1.29 imports distutils, and setuptools' stand-in for it loads
    /// pkg_resources first; Python's own distutils (the same find_executable) starts docker-compose faster on every call (figures:
    /// README.md, "What each change bought"). Output and behaviour are the same.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SessionEnvironment = new Dictionary<string, string>
    {
        ["SETUPTOOLS_USE_DISTUTILS"] = "stdlib",
    };

    /// <summary>The iptables commands the host's alternatives point at: the legacy (x_tables) ones, where the machine has them.</summary>
    public static readonly string[] IptablesCommands =
        ["iptables", "iptables-save", "iptables-restore", "ip6tables", "ip6tables-save", "ip6tables-restore"];

    /// <summary>
    /// A lab host's iptables is iptables-legacy, as on the handbook's hosts (Docker of that time knew no other). Debian's
    /// default, iptables-nft, waits for a kernel RCU grace period on every rule change, and dockerd makes dozens of calls to start
    /// and more for every published port or network (figures: README.md, "What each change bought"). The host's
    /// / is an overlay: only its own alternatives change, the image's stay as they are. LABSPECS_IPTABLES=nft keeps the
    /// image's choice (to run the labs as on a current Debian host).
    /// </summary>
    private static void LegacyIptables(string imageRoot, string etcUpper)
    {
        if (Environment.GetEnvironmentVariable("LABSPECS_IPTABLES") is "nft") return;
        if (!IptablesCommands.All(c => File.Exists($"{imageRoot}/usr/sbin/{c.Replace("tables", "tables-legacy", StringComparison.Ordinal)}"))) return;
        var alternatives = Path.Combine(etcUpper, "alternatives");
        Directory.CreateDirectory(alternatives);
        foreach (var c in IptablesCommands)
        {
            var link = Path.Combine(alternatives, c);
            if (File.Exists(link) || Directory.Exists(link)) File.Delete(link);
            File.CreateSymbolicLink(link, $"/usr/sbin/{c.Replace("tables", "tables-legacy", StringComparison.Ordinal)}");
        }
    }

    public static async Task PrepareAsync(LabPaths paths, TopologySpec topology, HostSpec host, Images.HostImage image, CancellationToken ct)
    {
        var state = paths.HostState(host.Name);
        // root: the mount point of the host's root overlay; upper/work: its layer; docker: Docker's data (not on overlayfs)
        foreach (var d in new[] { "root", "upper", "work", "docker" })
        {
            Directory.CreateDirectory(Path.Combine(state, d));
        }

        LayerSeed.Write(Path.Combine(state, "docker"), LayerSeed.CatalogUnpacked, Chains);
        Directory.CreateDirectory(Path.Combine(paths.Runtime, host.Name));
        var etc = Upper(paths, host.Name, "etc");
        Directory.CreateDirectory(Path.Combine(etc, "ssh"));
        Directory.CreateDirectory(Path.Combine(etc, "docker"));
        await File.WriteAllTextAsync(Path.Combine(etc, "hostname"), host.Name + "\n", ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(etc, "hosts"), HostsFile(topology), ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(etc, "resolv.conf"), ResolvConf(), ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(etc, "ssh", "labspecs_sshd_config"), $"""
            # Written by LabSpecs for lab host {host.Name}
            ListenAddress {host.Address}
            HostKey /etc/ssh/labspecs_host_ed25519_key
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PidFile /run/sshd.pid
            AcceptEnv LANG LC_*
            {string.Join("\n", SessionEnvironment.Select(e => $"SetEnv {e.Key}={e.Value}"))}
            Subsystem sftp /usr/lib/openssh/sftp-server

            """, ct).ConfigureAwait(false);
        var hostKey = Path.Combine(etc, "ssh", "labspecs_host_ed25519_key");
        await Sh.MustAsync($"ssh-keygen -q -t ed25519 -N '' -C root@{host.Name} -f {hostKey}", ct: ct).ConfigureAwait(false);

        // containerd as Debian runs it (its own service), without the plugins a host cannot use or dockerd does not need:
        // Kubernetes' CRI, and the snapshotters but one (dockerd 20.10 keeps images in its own overlay2 store; containerd's
        // metadata store needs one). Fewer plugins, and no modprobe of aufs at every start.
        // The garbage collector's tick: containerd 1.6.20 (Debian 12) sets it to 49 times the average collection, and with
        // nothing in its store a collection takes microseconds, so an idle containerd wakes all the time (containerd#5089,
        // fixed upstream by a floor, containerd#9795, in 1.6.32) and costs CPU on every host (figures: README.md, "What each
        // change bought"). With pause_threshold 0 the tick stays at its initial second; a deletion is still collected at the next tick.
        Directory.CreateDirectory(Path.Combine(etc, "containerd"));
        await File.WriteAllTextAsync(Path.Combine(etc, "containerd", "config.toml"), ContainerdConfig, ct).ConfigureAwait(false);
        var daemon = new Dictionary<string, object>
        {
            ["containerd"] = "/run/containerd/containerd.sock",
            ["registry-mirrors"] = new[] { $"http://{UnderlayAddresses.Registry(topology)}:5000" },
            ["insecure-registries"] = new[] { $"{UnderlayAddresses.Registry(topology)}:5000" },
            ["cgroup-parent"] = "/" + paths.Cgroup(host.Name),
            ["storage-driver"] = "overlay2",
            ["labels"] = new[] { $"labspecs.environment={paths.Id}", $"labspecs.host={host.Name}" },
        };
        await File.WriteAllTextAsync(Path.Combine(etc, "docker", "daemon.json"), JsonSerializer.Serialize(daemon), ct).ConfigureAwait(false);
        LegacyIptables(image.Root, etc);

        // root's ssh: the environment's client key is authorized on every host, and every host can ssh to every other.
        var dotSsh = Upper(paths, host.Name, "root/.ssh");
        Directory.CreateDirectory(dotSsh);
        // the upper dir's attributes are the merged directory's: root's home stays as private as the image's
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(Upper(paths, host.Name, "root"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(dotSsh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Copy(paths.ClientKey + ".pub", Path.Combine(dotSsh, "authorized_keys"), overwrite: true);
        File.Copy(paths.ClientKey, Path.Combine(dotSsh, "id_ed25519"), overwrite: true);
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(Path.Combine(dotSsh, "id_ed25519"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Copy(paths.ClientKey + ".pub", Path.Combine(dotSsh, "id_ed25519.pub"), overwrite: true);
    }

    /// <summary>Written after every host key exists: known_hosts for hosts and for the underlay client.</summary>
    public static async Task WriteKnownHostsAsync(LabPaths paths, TopologySpec topology, CancellationToken ct)
    {
        var knownHosts = KnownHosts(paths, topology);
        foreach (var h in topology.Hosts)
        {
            await File.WriteAllTextAsync(Upper(paths, h.Name, "root/.ssh/known_hosts"), knownHosts, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A lab host's /etc/containerd/config.toml (see <see cref="PrepareAsync"/> for why each line is there).</summary>
    public const string ContainerdConfig = """
        # Written by LabSpecs for this lab host
        version = 2
        disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
          "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.overlayfs"]

        [plugins."io.containerd.gc.v1.scheduler"]
          pause_threshold = 0.0

        """;

    public static string HostsFile(TopologySpec topology) =>
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" +
        string.Concat(topology.Hosts.Select(h => $"{h.Address}\t{h.Name}\n"));

    public static string KnownHosts(LabPaths paths, TopologySpec topology) =>
        string.Concat(topology.Hosts.Select(h =>
        {
            var pub = File.ReadAllText(HostKeyPub(paths, h.Name)).Split(' ');
            return $"{h.Address},{h.Name} {pub[0]} {pub[1]}\n";
        }));

    public static string HostKeyPub(LabPaths paths, string host) =>
        Upper(paths, host, "etc/ssh/labspecs_host_ed25519_key.pub");

    /// <summary>SHA-256 fingerprint of a public key as ssh-keygen -l and SSH.NET print it (base64, no padding, no "SHA256:").</summary>
    public static string Fingerprint(string publicKeyFile)
    {
        var blob = Convert.FromBase64String(File.ReadAllText(publicKeyFile).Split(' ')[1]);
        return Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');
    }

    /// <summary>/etc/netns/UNDERLAY/: <c>ip netns exec UNDERLAY ssh root@192.168.205.11</c> then needs no flags.</summary>
    public static Task WriteNetnsEtcAsync(LabPaths paths, TopologySpec topology, CancellationToken ct) =>
        WriteNetnsEtcAsync(paths, topology, KnownHosts(paths, topology), "root", ct);

    /// <summary>The same for any hosts on the underlay: their known_hosts lines and the user the client key logs in as.</summary>
    public static async Task WriteNetnsEtcAsync(LabPaths paths, TopologySpec topology, string knownHosts, string user, CancellationToken ct)
    {
        var ssh = Path.Combine(paths.NetnsEtc, "ssh");
        Directory.CreateDirectory(ssh);
        await File.WriteAllTextAsync(Path.Combine(paths.NetnsEtc, "hosts"), HostsFile(topology), ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(ssh, "ssh_known_hosts"), knownHosts, ct).ConfigureAwait(false);
        var config = new StringBuilder()
            .AppendLine($"# LabSpecs environment {paths.Id} ({topology.Name}); removed when the environment goes down")
            .AppendLine("Host *")
            .AppendLine($"    User {user}")
            .AppendLine($"    IdentityFile {paths.ClientKey}")
            .AppendLine("    GlobalKnownHostsFile /etc/ssh/ssh_known_hosts")
            .AppendLine("    UserKnownHostsFile /dev/null")
            .AppendLine("    StrictHostKeyChecking yes")
            .AppendLine("    ConnectTimeout 5");
        await File.WriteAllTextAsync(Path.Combine(ssh, "ssh_config"), config.ToString(), ct).ConfigureAwait(false);
    }
}
