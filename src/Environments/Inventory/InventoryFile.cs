using System.Text.RegularExpressions;

namespace LabSpecs.Environments.Inventory;

/// <summary>
/// The front door of inventories: tells the three forms apart by content and hands the text to its reader — a LabSpecs
/// inventory (YAML with top-level <c>hosts:</c>, <see cref="LabSpecsInventoryReader"/>), a <c>vagrant ssh-config</c> output
/// (<c>Host</c> blocks, <see cref="SshConfigReader"/>), an Ansible inventory (YAML with <c>all:</c>/groups, or INI,
/// <see cref="AnsibleInventoryReader"/>) — then completes every host the same way (defaults, paths, checks across hosts).
/// Errors name the file, the line and the valid choices.
/// </summary>
public static partial class InventoryFile
{
    public const string LabSpecsFormat = "labspecs";
    public const string SshConfigFormat = "ssh-config";
    public const string AnsibleYamlFormat = "ansible-yaml";
    public const string AnsibleIniFormat = "ansible-ini";

    public static HostInventory Load(string path)
    {
        if (!File.Exists(path)) throw new EnvironmentFileException(path, 0, "no such file (give a LabSpecs inventory, a 'vagrant ssh-config' output or an Ansible inventory)");
        return Parse(File.ReadAllText(path), Path.GetFullPath(path));
    }

    public static HostInventory Parse(string text, string file)
    {
        var format = Detect(text);
        var (hosts, knownHosts, acceptNew) = format switch
        {
            SshConfigFormat => (SshConfigReader.Read(text, file), (string?)null, false),
            AnsibleIniFormat => (AnsibleInventoryReader.ReadIni(text, file), null, false),
            AnsibleYamlFormat => (AnsibleInventoryReader.ReadYaml(InventoryFields.Root(text, file), file), null, false),
            _ => LabSpecsInventoryReader.Read(InventoryFields.Root(text, file), file),
        };
        if (hosts.Count == 0) throw new EnvironmentFileException(file, 0, $"no hosts found (read as {format})");
        var baseDir = Path.GetDirectoryName(file) ?? ".";
        foreach (var h in hosts) Complete(h, hosts, file, baseDir);
        acceptNew |= Environment.GetEnvironmentVariable(HostInventory.AcceptNewVariable) == "1";
        return new HostInventory(file, format, hosts, knownHosts is null ? DefaultKnownHosts() : ResolvePath(knownHosts, baseDir), acceptNew);
    }

    /// <summary>The project's own known_hosts: .labspecs/known_hosts next to environments/ (never ~/.ssh, never /dev/null).</summary>
    public static string DefaultKnownHosts()
    {
        var environments = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(EnvironmentFile.DefaultPath())))!;
        return Path.Combine(environments, ".labspecs", "known_hosts");
    }

    public static string Detect(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith(';')).ToList();
        if (lines.Count == 0) return LabSpecsFormat;
        if (SshConfigHostLine().IsMatch(lines[0])) return SshConfigFormat;
        if (lines[0].StartsWith('[') || lines.Any(l => AnsibleIniVar().IsMatch(l) && !l.Contains(':'))) return AnsibleIniFormat;
        if (lines[0].StartsWith("hosts:", StringComparison.Ordinal) || lines.Any(l => l.StartsWith("known_hosts:", StringComparison.Ordinal) || l.StartsWith("host_keys:", StringComparison.Ordinal)))
        {
            return LabSpecsFormat;
        }

        return AnsibleYamlFormat;
    }

    private static void Complete(InventoryHost h, List<InventoryHost> all, string file, string baseDir)
    {
        var where = h.OriginOf("name");
        if (h.SshHost.Length == 0) h.SetSshHost(h.Name, FieldOrigin.Default("the host's name"));
        if (h.IdentityFile is { } key) h.SetIdentityFile(ResolvePath(key, baseDir), h.OriginOf("identity file"));
        if (h.KnownHostsFile is { } kh) h.SetKnownHostsFile(ResolvePath(kh, baseDir), h.OriginOf("known hosts"));
        if (h.DockerCertPath is { } certs) h.SetDockerCertPath(ResolvePath(certs, baseDir), h.OriginOf("docker cert path"));
        if (h.DockerCertPath is not null && h.DockerHost is null)
        {
            throw new EnvironmentFileException(file, h.OriginOf("docker cert path").Line, $"host '{h.Name}': docker_cert_path needs docker_host: tcp://HOST:2376");
        }
        if (h.IdentityFile is null && h.PasswordVariable is null)
        {
            throw new EnvironmentFileException(file, where.Line, $"host '{h.Name}': no private key and no password variable; give identity_file (IdentityFile, ansible_ssh_private_key_file) or password_env");
        }

        if (h.Become == Become.None && h.User != "root" && h.OriginOf("become").File.Length == 0)
        {
            h.SetBecome(Become.Sudo, FieldOrigin.Default($"user {h.User} is not root"));
        }

        if (h.Jump is { } jump && jump == h.Name) throw new EnvironmentFileException(file, h.OriginOf("jump").Line, $"host '{h.Name}' cannot be its own jump host");
        if (h.Jump is { } j && !j.Contains('@') && !j.Contains(':') && all.All(o => o.Name != j))
        {
            throw new EnvironmentFileException(file, h.OriginOf("jump").Line, $"host '{h.Name}': jump host '{j}' is neither a host of this inventory ({string.Join(", ", all.Select(o => o.Name))}) nor user@host:port");
        }
    }

    private static string ResolvePath(string path, string baseDir)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'));
        }

        return Path.GetFullPath(path, baseDir);
    }

    [GeneratedRegex(@"^Host\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex SshConfigHostLine();


    [GeneratedRegex(@"^\S+\s+ansible_\w+=")]
    private static partial Regex AnsibleIniVar();




}
