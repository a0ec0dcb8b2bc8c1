using System.Net;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LabSpecs.Environments.Inventory;

/// <summary>
/// Reads an inventory, telling the three forms apart by content: a LabSpecs inventory (YAML with top-level <c>hosts:</c>),
/// a <c>vagrant ssh-config</c> output (<c>Host</c> blocks), an Ansible inventory (YAML with <c>all:</c>/groups, or INI).
/// Errors name the file, the line and the valid choices.
/// </summary>
public static partial class InventoryFile
{
    public const string LabSpecsFormat = "labspecs";
    public const string SshConfigFormat = "ssh-config";
    public const string AnsibleYamlFormat = "ansible-yaml";
    public const string AnsibleIniFormat = "ansible-ini";

    private static readonly string[] TopKeys = ["hosts", "known_hosts", "host_keys"];
    private static readonly string[] HostKeys =
        ["address", "host", "port", "user", "identity_file", "password_env", "host_key", "jump", "become", "become_password_env", "client",
         "docker_host", "docker_cert_path", "docker_context"];

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
            SshConfigFormat => (SshConfig(text, file), (string?)null, false),
            AnsibleIniFormat => (AnsibleIni(text, file), null, false),
            _ => ParseYaml(text, file, format),
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

    // ---------------- LabSpecs YAML and Ansible YAML ----------------

    private static (List<InventoryHost>, string?, bool) ParseYaml(string text, string file, string format)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw new EnvironmentFileException(file, e.Start.Line, $"not valid YAML: {e.InnerException?.Message ?? e.Message}"); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new EnvironmentFileException(file, 1, "expected a mapping: 'hosts:' (LabSpecs inventory) or 'all:' (Ansible inventory)");
        }

        return format == LabSpecsFormat ? LabSpecsYaml(root, file) : (AnsibleYaml(root, file), null, false);
    }

    private static (List<InventoryHost>, string?, bool) LabSpecsYaml(YamlMappingNode root, string file)
    {
        CheckKeys(file, root, TopKeys, "the top level");
        var policy = Optional(root, "host_keys") is { } p ? Scalar(file, p, "host_keys") : "pinned";
        if (policy is not ("pinned" or "accept-new"))
        {
            throw new EnvironmentFileException(file, Line(root["host_keys"]), $"host_keys: '{policy}' is not valid; valid: pinned (default), accept-new");
        }

        var known = Optional(root, "known_hosts") is { } k ? Scalar(file, k, "known_hosts") : null;
        if (Optional(root, "hosts") is not YamlMappingNode hostsNode)
        {
            throw new EnvironmentFileException(file, Line(root), "'hosts' must map host names (docker-node1, …) to how to reach them");
        }

        var hosts = new List<InventoryHost>();
        foreach (var (keyNode, value) in hostsNode.Children)
        {
            var name = Scalar(file, keyNode, "host name");
            var host = new InventoryHost(name, new FieldOrigin(file, Line(keyNode), "hosts"));
            if (value is YamlScalarNode { Value: null or "" or "~" })
            {
                hosts.Add(host);
                continue;
            }

            var node = value as YamlMappingNode ?? throw new EnvironmentFileException(file, Line(value), $"host '{name}' must be a mapping with: {string.Join(", ", HostKeys)}");
            CheckKeys(file, node, HostKeys, $"host '{name}'");
            foreach (var (kn, vn) in node.Children)
            {
                var key = ((YamlScalarNode)kn).Value!;
                var at = new FieldOrigin(file, Line(kn), key);
                var v = Scalar(file, vn, key);
                Apply(host, key, v, at, file);
            }

            hosts.Add(host);
        }

        return (hosts, known, policy == "accept-new");
    }

    private static void Apply(InventoryHost host, string key, string v, FieldOrigin at, string file)
    {
        switch (key)
        {
            case "address": host.SetLabAddress(Address(file, at, v), at); break;
            case "host": host.SetSshHost(v, at); break;
            case "port": host.SetPort(Port(file, at, v), at); break;
            case "user": host.SetUser(v, at); break;
            case "identity_file": host.SetIdentityFile(v, at); break;
            case "password_env": host.SetPasswordVariable(v, at); break;
            case "host_key": host.SetHostKey(v, at); break;
            case "jump": host.SetJump(v, at); break;
            case "become": host.SetBecome(BecomeOf(file, at, v), at); break;
            case "become_password_env": host.SetBecomePasswordVariable(v, at); break;
            case "client": host.SetClient(Bool(file, at, v), at); break;
            case "docker_host": host.SetDockerHost(DockerHost(file, at, v), at); break;
            case "docker_cert_path": host.SetDockerCertPath(v, at); break;
            case "docker_context": host.SetDockerContext(v, at); break;
        }
    }

    private static string DockerHost(string file, FieldOrigin at, string v) =>
        v.StartsWith("tcp://", StringComparison.Ordinal) && Uri.TryCreate(v, UriKind.Absolute, out _)
            ? v
            : throw new EnvironmentFileException(file, at.Line, $"{at.Key}: '{v}' is not tcp://HOST:PORT (leave it out for the Docker API over SSH; use docker_context for a context)");

    private static List<InventoryHost> AnsibleYaml(YamlMappingNode root, string file)
    {
        var hosts = new Dictionary<string, InventoryHost>(StringComparer.Ordinal);
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (groupKey, groupNode) in root.Children)
        {
            WalkGroup(file, Scalar(file, groupKey, "group"), groupNode, [], hosts, groups);
        }

        foreach (var (name, host) in hosts) SetGroups(host, groups[name]);
        return hosts.Values.ToList();
    }

    private static void WalkGroup(string file, string group, YamlNode node, IReadOnlyList<(string Key, string Value, FieldOrigin At)> inherited,
        Dictionary<string, InventoryHost> hosts, Dictionary<string, List<string>> groups)
    {
        if (node is YamlScalarNode { Value: null or "" or "~" }) return;
        var map = node as YamlMappingNode ?? throw new EnvironmentFileException(file, Line(node), $"group '{group}' must be a mapping with hosts, children, vars");
        CheckKeys(file, map, ["hosts", "children", "vars"], $"group '{group}'");
        var vars = inherited.ToList();
        if (Optional(map, "vars") is YamlMappingNode v) vars.AddRange(Vars(file, v));
        if (Optional(map, "hosts") is YamlMappingNode hs)
        {
            foreach (var (hk, hv) in hs.Children)
            {
                var name = Scalar(file, hk, "host name");
                if (!hosts.TryGetValue(name, out var host))
                {
                    hosts[name] = host = new InventoryHost(name, new FieldOrigin(file, Line(hk), $"group {group}"));
                    groups[name] = [];
                }

                groups[name].Add(group);
                foreach (var (key, value, at) in vars) ApplyAnsible(host, key, value, at, file, group);
                if (hv is YamlMappingNode own)
                {
                    foreach (var (key, value, at) in Vars(file, own)) ApplyAnsible(host, key, value, at, file, group);
                }
            }
        }

        if (Optional(map, "children") is YamlMappingNode children)
        {
            foreach (var (ck, cv) in children.Children) WalkGroup(file, Scalar(file, ck, "group"), cv, vars, hosts, groups);
        }
    }

    private static IEnumerable<(string, string, FieldOrigin)> Vars(string file, YamlMappingNode map) =>
        map.Children.Select(kv => (Scalar(file, kv.Key, "variable"), (kv.Value as YamlScalarNode)?.Value ?? "", new FieldOrigin(file, Line(kv.Key), Scalar(file, kv.Key, "variable"))));

    // ---------------- Ansible INI ----------------

    private static List<InventoryHost> AnsibleIni(string text, string file)
    {
        var hosts = new Dictionary<string, InventoryHost>(StringComparer.Ordinal);
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var members = new Dictionary<string, List<string>>(StringComparer.Ordinal); // group -> hosts
        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal); // group -> child groups
        var groupVars = new List<(string Group, string Key, string Value, FieldOrigin At)>();
        var hostVars = new List<(string Host, string Group, string Key, string Value, FieldOrigin At)>();
        var section = "ungrouped";
        var kind = "hosts";
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line.StartsWith('['))
            {
                var m = IniSection().Match(line);
                if (!m.Success) throw new EnvironmentFileException(file, lineNo, $"'{line}': a section is [group], [group:vars] or [group:children]");
                section = m.Groups[1].Value;
                kind = m.Groups[2].Success ? m.Groups[2].Value : "hosts";
                continue;
            }

            var words = IniWords(line);
            switch (kind)
            {
                case "vars":
                    var eq = line.IndexOf('=');
                    if (eq < 0) throw new EnvironmentFileException(file, lineNo, $"'{line}': a [{section}:vars] line is key=value");
                    groupVars.Add((section, line[..eq].Trim(), Unquote(line[(eq + 1)..].Trim()), new FieldOrigin(file, lineNo, line[..eq].Trim())));
                    break;
                case "children":
                    (children.TryGetValue(section, out var c) ? c : children[section] = []).Add(words[0]);
                    break;
                default:
                    var name = words[0];
                    if (!hosts.ContainsKey(name))
                    {
                        hosts[name] = new InventoryHost(name, new FieldOrigin(file, lineNo, $"group {section}"));
                        groups[name] = [];
                    }

                    (members.TryGetValue(section, out var list) ? list : members[section] = []).Add(name);
                    foreach (var w in words.Skip(1))
                    {
                        var i = w.IndexOf('=');
                        if (i < 0) throw new EnvironmentFileException(file, lineNo, $"'{w}': host variables are key=value");
                        hostVars.Add((name, section, w[..i], Unquote(w[(i + 1)..]), new FieldOrigin(file, lineNo, w[..i])));
                    }

                    break;
            }
        }

        // group membership through [parent:children]
        IEnumerable<string> HostsOf(string group, HashSet<string> seen) =>
            !seen.Add(group) ? [] :
            (members.TryGetValue(group, out var m) ? m : []).Concat((children.TryGetValue(group, out var ch) ? ch : []).SelectMany(g => HostsOf(g, seen)));

        var allGroups = members.Keys.Concat(children.Keys).Concat(groupVars.Select(g => g.Group)).Distinct().ToList();
        foreach (var g in allGroups)
        {
            foreach (var h in HostsOf(g, []).Distinct()) if (!groups[h].Contains(g)) groups[h].Add(g);
        }

        // precedence as in Ansible: all:vars, then group vars, then host vars
        foreach (var (group, key, value, at) in groupVars.OrderBy(g => g.Group == "all" ? 0 : 1))
        {
            var targets = group == "all" ? hosts.Keys.ToList() : HostsOf(group, []).Distinct().ToList();
            foreach (var h in targets) ApplyAnsible(hosts[h], key, value, at, file, group);
        }

        foreach (var (h, group, key, value, at) in hostVars) ApplyAnsible(hosts[h], key, value, at, file, group);
        foreach (var (name, host) in hosts) SetGroups(host, groups[name]);
        return hosts.Values.ToList();
    }

    /// <summary>Group membership; the group 'client' marks the machine "outside the docker host".</summary>
    private static void SetGroups(InventoryHost host, List<string> groups)
    {
        host.SetGroups(groups, host.OriginOf("name"));
        if (groups.Contains("client") && host.OriginOf("client").File.Length == 0) host.SetClient(true, new FieldOrigin(host.OriginOf("name").File, host.OriginOf("name").Line, "group client"));
    }

    private static List<string> IniWords(string line)
    {
        var words = new List<string>();
        foreach (Match m in IniWord().Matches(line)) words.Add(m.Value);
        return words;
    }

    private static void ApplyAnsible(InventoryHost host, string key, string value, FieldOrigin at, string file, string group)
    {
        switch (key)
        {
            case "ansible_host": host.SetSshHost(value, at); break;
            case "ansible_port" or "ansible_ssh_port": host.SetPort(Port(file, at, value), at); break;
            case "ansible_user" or "ansible_ssh_user": host.SetUser(value, at); break;
            case "ansible_ssh_private_key_file" or "ansible_private_key_file": host.SetIdentityFile(value, at); break;
            case "ansible_become": host.SetBecome(Bool(file, at, value) ? Become.Sudo : Become.None, at); break;
            case "ansible_become_method":
                if (value != "sudo") throw new EnvironmentFileException(file, at.Line, $"ansible_become_method={value}: LabSpecs becomes root with sudo only");
                break;
            case "ansible_password" or "ansible_ssh_pass":
                host.SetPasswordVariable(EnvLookup(file, at, value), at); break;
            case "ansible_become_password" or "ansible_become_pass" or "ansible_sudo_pass":
                host.SetBecomePasswordVariable(EnvLookup(file, at, value), at); break;
            case "ansible_ssh_common_args" or "ansible_ssh_extra_args":
                if (ProxyJumpArg().Match(value) is { Success: true } j) host.SetJump(j.Groups[1].Value, at);
                break;
            case "labspecs_address": host.SetLabAddress(Address(file, at, value), at); break;
            case "labspecs_host_key": host.SetHostKey(value, at); break;
            case "labspecs_client": host.SetClient(Bool(file, at, value), at); break;
            case "labspecs_docker_host": host.SetDockerHost(DockerHost(file, at, value), at); break;
            case "labspecs_docker_cert_path": host.SetDockerCertPath(value, at); break;
            case "labspecs_docker_context": host.SetDockerContext(value, at); break;
        }

    }

    /// <summary>Passwords come from the environment, never from the file: <c>{{ lookup('env', 'NAME') }}</c>.</summary>
    private static string EnvLookup(string file, FieldOrigin at, string value)
    {
        var m = EnvLookupPattern().Match(value);
        return m.Success
            ? m.Groups[1].Value
            : throw new EnvironmentFileException(file, at.Line, $"{at.Key}: write the password as {{{{ lookup('env', 'VARIABLE') }}}} and put it in that environment variable; LabSpecs does not read passwords from files");
    }

    // ---------------- vagrant ssh-config ----------------

    private static List<InventoryHost> SshConfig(string text, string file)
    {
        var hosts = new List<InventoryHost>();
        var defaults = new List<(string Key, string Value, FieldOrigin At)>();
        List<InventoryHost> current = [];
        var inWildcard = false;
        var lineNo = 0;
        var blocks = new Dictionary<InventoryHost, List<(string, string, FieldOrigin)>>();
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var m = SshConfigLine().Match(line);
            if (!m.Success) throw new EnvironmentFileException(file, lineNo, $"'{line}': an ssh-config line is 'Keyword value'");
            var key = m.Groups[1].Value.ToLowerInvariant();
            var value = Unquote(m.Groups[2].Value.Trim());
            if (key == "match") throw new EnvironmentFileException(file, lineNo, "'Match' blocks are not supported; use Host blocks (as 'vagrant ssh-config' prints)");
            if (key == "host")
            {
                var names = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                inWildcard = names.Any(n => n.Contains('*') || n.Contains('?'));
                current = inWildcard ? [] : names.Select(n => new InventoryHost(n, new FieldOrigin(file, lineNo, "Host"))).ToList();
                foreach (var h in current)
                {
                    hosts.Add(h);
                    blocks[h] = [];
                }

                continue;
            }

            var at = new FieldOrigin(file, lineNo, m.Groups[1].Value);
            if (inWildcard) defaults.Add((key, value, at));
            else if (current.Count == 0) defaults.Add((key, value, at)); // before the first Host: applies to all
            else foreach (var h in current) blocks[h].Add((key, value, at));
        }

        // ssh takes the first value it meets: the host's own block, then Host * blocks
        foreach (var h in hosts)
        {
            var seen = new HashSet<string>();
            foreach (var (key, value, at) in blocks[h].Concat(defaults))
            {
                if (!seen.Add(key)) continue;
                ApplySsh(h, key, value, at, file);
            }
        }

        return hosts;
    }

    private static void ApplySsh(InventoryHost host, string key, string value, FieldOrigin at, string file)
    {
        switch (key)
        {
            case "hostname": host.SetSshHost(value, at); break;
            case "port": host.SetPort(Port(file, at, value), at); break;
            case "user": host.SetUser(value, at); break;
            case "identityfile": host.SetIdentityFile(value, at); break;
            case "proxyjump": host.SetJump(value, at); break;
            case "proxycommand":
                throw new EnvironmentFileException(file, at.Line, "ProxyCommand is not supported; use ProxyJump (LabSpecs chains SSH sessions itself)");
            case "userknownhostsfile":
                // Vagrant prints /dev/null with StrictHostKeyChecking no: LabSpecs pins host keys anyway (project known_hosts).
                if (value.Split(' ')[0] is var k && k != "/dev/null") host.SetKnownHostsFile(k, at);
                break;
        }
    }

    // ---------------- completion and helpers ----------------

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

    private static IPAddress Address(string file, FieldOrigin at, string v) =>
        IPAddress.TryParse(v, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? a
            : throw new EnvironmentFileException(file, at.Line, $"{at.Key}: '{v}' is not an IPv4 address (the host's lab address, e.g. 192.168.205.10)");

    private static int Port(string file, FieldOrigin at, string v) =>
        int.TryParse(v, out var p) && p is > 0 and < 65536 ? p : throw new EnvironmentFileException(file, at.Line, $"{at.Key}: '{v}' is not a TCP port (1-65535)");

    private static bool Bool(string file, FieldOrigin at, string v) => v.ToLowerInvariant() switch
    {
        "true" or "yes" or "1" or "on" => true,
        "false" or "no" or "0" or "off" => false,
        _ => throw new EnvironmentFileException(file, at.Line, $"{at.Key}: '{v}' is not valid; valid: true, false"),
    };

    private static Become BecomeOf(string file, FieldOrigin at, string v) => v.ToLowerInvariant() switch
    {
        "sudo" or "true" or "yes" => Become.Sudo,
        "none" or "false" or "no" => Become.None,
        _ => throw new EnvironmentFileException(file, at.Line, $"become: '{v}' is not valid; valid: sudo, none"),
    };

    private static string Unquote(string v) => v.Length >= 2 && (v[0] == '"' && v[^1] == '"' || v[0] == '\'' && v[^1] == '\'') ? v[1..^1] : v;

    // an inventory's messages name the line only, as its ssh-config and INI forms can
    private static void CheckKeys(string file, YamlMappingNode node, string[] valid, string where) => new YamlFile(file, columns: false).CheckKeys(node, valid, where);

    private static long Line(YamlNode node) => node.Start.Line;

    private static YamlNode? Optional(YamlMappingNode node, string key) => YamlFile.Optional(node, key);

    private static string Scalar(string file, YamlNode node, string what) => new YamlFile(file, columns: false).Scalar(node, what);

    [GeneratedRegex(@"^Host\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex SshConfigHostLine();

    [GeneratedRegex(@"^([A-Za-z]+)(?:\s*=\s*|\s+)(.*)$")]
    private static partial Regex SshConfigLine();

    [GeneratedRegex(@"^\S+\s+ansible_\w+=")]
    private static partial Regex AnsibleIniVar();

    [GeneratedRegex(@"^\[([A-Za-z0-9_.-]+)(?::(vars|children))?\]$")]
    private static partial Regex IniSection();

    [GeneratedRegex(@"(?:[^\s""']+|""[^""]*""|'[^']*')+")]
    private static partial Regex IniWord();

    [GeneratedRegex(@"(?:ProxyJump=|-J\s*)([^\s'""]+)")]
    private static partial Regex ProxyJumpArg();

    [GeneratedRegex(@"^\{\{\s*lookup\(\s*['""]env['""]\s*,\s*['""]([A-Za-z_][A-Za-z0-9_]*)['""]\s*\)\s*\}\}$")]
    private static partial Regex EnvLookupPattern();
}
