namespace LabSpecs.Environments.Embedded;

/// <summary>
/// Where an embedded environment keeps its things. Everything is named after the environment id (<c>ls-xxxxxx</c>)
/// so a sweep finds it again: network namespaces <c>ID-u</c> (underlay) and <c>ID-HOST</c>, cgroups <c>labspecs/ID</c>,
/// state <c>/var/lib/labspecs/ID</c>, runtime <c>/run/labspecs/ID</c>, ssh/hosts files <c>/etc/netns/ID-u</c>.
/// </summary>
public sealed record LabPaths(string Id)
{
    public const string StateRoot = "/var/lib/labspecs";
    public const string RuntimeRoot = "/run/labspecs";
    public const string CgroupRoot = "/sys/fs/cgroup";
    public const string CgroupName = "labspecs";
    public const string Prefix = "ls-";

    /// <summary>cgroup v1 hierarchies a host's processes are placed in (cpuset needs cpus/mems copied first).</summary>
    public static readonly string[] CgroupControllers = ["cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "systemd"];

    public static string NewId() => Prefix + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();

    public static bool IsEnvironmentId(string name) =>
        name.Length == 9 && name.StartsWith(Prefix, StringComparison.Ordinal) && name[3..].All(Uri.IsHexDigit);

    public string State => Path.Combine(StateRoot, Id);

    public string Runtime => Path.Combine(RuntimeRoot, Id);

    /// <summary>
    /// The ledger lives outside the environment's own tmpfs mounts, in <see cref="LedgersRoot"/>: written before anything of
    /// the environment exists and removed after everything else, so "no ledger" means "nothing left" and a kill at any
    /// moment in between leaves a ledger naming the dead owner.
    /// </summary>
    public string LedgerFile => Path.Combine(LedgersRoot, Id + ".json");

    public static readonly string LedgersRoot = Path.Combine(RuntimeRoot, "ledgers");

    public string UnderlayNetns => $"{Id}-u";

    public string HostNetns(string host) => $"{Id}-{host}";

    public string NetnsEtc => Path.Combine("/etc/netns", UnderlayNetns);

    public string ClientKey => Path.Combine(State, "ssh", "id_ed25519");

    public string HostState(string host) => Path.Combine(State, "hosts", host);

    /// <summary>The host's /run, seen from the root mount namespace.</summary>
    public string HostRun(string host) => Path.Combine(Runtime, host, "run");

    public string HostLauncherPidFile(string host) => Path.Combine(Runtime, host, "launcher.pid");

    public string DockerSocket(string host) => Path.Combine(HostRun(host), "docker.sock");

    public string Cgroup(string? child = null) => child is null ? $"{CgroupName}/{Id}" : $"{CgroupName}/{Id}/{child}";

    public static string CgroupDir(string controller, string relative) => Path.Combine(CgroupRoot, controller, relative);

    /// <summary>Interface names are at most 15 characters; the underlay side of a host's link is named after the host.</summary>
    public static string UnderlayLinkName(string host) => host.Length <= 15 ? host : host[..15];
}
