using System.Net;
using LabSpecs.Core;

namespace LabSpecs.Environments.Inventory;

/// <summary>Where a field of an inventory host came from, as <c>run.ps1 hosts</c> prints it: <c>inv.yml:12 (port)</c>.</summary>
public sealed record FieldOrigin(string File, long Line, string Key)
{
    public static FieldOrigin Default(string why) => new("", 0, why);

    public override string ToString() => File.Length == 0 ? $"default ({Key})" : $"{File}:{Line} ({Key})";
}

/// <summary>How commands become root on a host whose SSH user is not root.</summary>
public enum Become
{
    None,
    Sudo,
}

/// <summary>
/// One machine of an inventory under the handbook's name (docker-node1, swarm-manager, k8s-master, …): how to reach its sshd
/// and, when the inventory says it, its lab address (the address the labs see, e.g. 192.168.205.10).
/// </summary>
public sealed class InventoryHost
{
    private readonly Dictionary<string, FieldOrigin> _origins = new(StringComparer.Ordinal);

    public InventoryHost(string name, FieldOrigin origin)
    {
        Name = name;
        _origins["name"] = origin;
    }

    public string Name { get; }

    /// <summary>Where to connect: a host name or address (for Vagrant usually 127.0.0.1).</summary>
    public string SshHost { get; private set; } = "";

    public int Port { get; private set; } = 22;

    public string User { get; private set; } = "root";

    /// <summary>Private key file; null means a password (from <see cref="PasswordVariable"/>).</summary>
    public string? IdentityFile { get; private set; }

    /// <summary>The environment variable that holds the SSH password (never the password itself).</summary>
    public string? PasswordVariable { get; private set; }

    /// <summary>The pinned SHA256 host-key fingerprint; null: look it up in the known_hosts file.</summary>
    public string? HostKey { get; private set; }

    /// <summary>A jump host: another host of the inventory, or <c>user@host:port</c>.</summary>
    public string? Jump { get; private set; }

    public Become Become { get; private set; }

    public string? BecomePasswordVariable { get; private set; }

    /// <summary>The machine the labs' "machine outside the docker host" steps run on.</summary>
    public bool Client { get; private set; }

    public IPAddress? LabAddress { get; private set; }

    /// <summary>A known_hosts file named for this host (ssh-config <c>UserKnownHostsFile</c>); null: the inventory's.</summary>
    public string? KnownHostsFile { get; private set; }

    public IReadOnlyList<string> Groups { get; private set; } = [];

    /// <summary>The engine: null = the Docker API over the SSH session (dial-stdio); else a <c>tcp://HOST:2376</c> URL.</summary>
    public string? DockerHost { get; private set; }

    /// <summary>ca.pem/cert.pem/key.pem for a tcp:// <see cref="DockerHost"/> (DOCKER_CERT_PATH style).</summary>
    public string? DockerCertPath { get; private set; }

    /// <summary>A docker context name whose endpoint reaches this host's engine.</summary>
    public string? DockerContext { get; private set; }

    public IReadOnlyDictionary<string, FieldOrigin> Origins => _origins;

    public FieldOrigin OriginOf(string field) => _origins.TryGetValue(field, out var o) ? o : FieldOrigin.Default("not set");

    internal void SetSshHost(string value, FieldOrigin o) => Set(() => SshHost = value, "ssh host", o);

    internal void SetPort(int value, FieldOrigin o) => Set(() => Port = value, "port", o);

    internal void SetUser(string value, FieldOrigin o) => Set(() => User = value, "user", o);

    internal void SetIdentityFile(string value, FieldOrigin o) => Set(() => IdentityFile = value, "identity file", o);

    internal void SetPasswordVariable(string value, FieldOrigin o) => Set(() => PasswordVariable = value, "password", o);

    internal void SetHostKey(string value, FieldOrigin o) => Set(() => HostKey = value, "host key", o);

    internal void SetJump(string value, FieldOrigin o) => Set(() => Jump = value, "jump", o);

    internal void SetBecome(Become value, FieldOrigin o) => Set(() => Become = value, "become", o);

    internal void SetBecomePasswordVariable(string value, FieldOrigin o) => Set(() => BecomePasswordVariable = value, "become password", o);

    internal void SetClient(bool value, FieldOrigin o) => Set(() => Client = value, "client", o);

    internal void SetLabAddress(IPAddress value, FieldOrigin o) => Set(() => LabAddress = value, "lab address", o);

    internal void SetKnownHostsFile(string value, FieldOrigin o) => Set(() => KnownHostsFile = value, "known hosts", o);

    internal void SetDockerHost(string value, FieldOrigin o) => Set(() => DockerHost = value, "docker host", o);

    internal void SetDockerCertPath(string value, FieldOrigin o) => Set(() => DockerCertPath = value, "docker cert path", o);

    internal void SetDockerContext(string value, FieldOrigin o) => Set(() => DockerContext = value, "docker context", o);

    internal void SetGroups(IReadOnlyList<string> value, FieldOrigin o) => Set(() => Groups = value, "groups", o);

    private void Set(Action assign, string field, FieldOrigin origin)
    {
        assign();
        _origins[field] = origin;
    }

    /// <summary>Where SSH goes, as a person would type it: <c>vagrant@127.0.0.1:2222</c>.</summary>
    public string Target => $"{User}@{SshHost}:{Port}";
}

/// <summary>What the labs' host names map to, read from a LabSpecs inventory, a <c>vagrant ssh-config</c> output or an Ansible inventory.</summary>
public sealed record HostInventory(string File, string Format, IReadOnlyList<InventoryHost> Hosts, string KnownHostsFile, bool AcceptNewHostKeys)
{
    public const string Variable = "LABSPECS_INVENTORY";

    /// <summary>LABSPECS_ACCEPT_NEW_HOST_KEYS=1: a host whose key is not yet known is trusted once and its key written down.</summary>
    public const string AcceptNewVariable = "LABSPECS_ACCEPT_NEW_HOST_KEYS";

    public InventoryHost? Find(string name) => Hosts.FirstOrDefault(h => h.Name == name);

    public InventoryHost Host(string name) =>
        Find(name) ?? throw new EnvironmentFileException(File, 0, $"no host '{name}'; the inventory has: {string.Join(", ", Hosts.Select(h => h.Name))}");

    /// <summary>The inventory file the run names (-Inventory FILE: LABSPECS_INVENTORY), or null.</summary>
    public static string? FromRun() => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    /// <summary>The inventory named by LABSPECS_INVENTORY, or null when none is.</summary>
    public static HostInventory? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? InventoryFile.Load(path) : null;
}
