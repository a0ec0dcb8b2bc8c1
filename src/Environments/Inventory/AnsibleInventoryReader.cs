using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using static LabSpecs.Environments.Inventory.InventoryFields;

namespace LabSpecs.Environments.Inventory;

/// <summary>
/// An Ansible inventory, YAML (<c>all:</c>, groups with hosts, children, vars) or INI (<c>[group]</c>, <c>[group:vars]</c>,
/// <c>[group:children]</c>): the <c>ansible_*</c> connection variables and LabSpecs' own <c>labspecs_*</c> ones, with Ansible's
/// precedence (all:vars, group vars, host vars). Passwords only as <c>{{ lookup('env', 'NAME') }}</c>; the group <c>client</c>
/// marks the machine outside the docker host.
/// </summary>
internal static partial class AnsibleInventoryReader
{
    public static List<InventoryHost> ReadYaml(YamlMappingNode root, string file)
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

    public static List<InventoryHost> ReadIni(string text, string file)
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
            // LabSpecs' own fields, as a LabSpecs inventory names them after the prefix
            case "labspecs_address" or "labspecs_host_key" or "labspecs_client" or "labspecs_docker_host" or "labspecs_docker_cert_path" or "labspecs_docker_context":
                LabSpecsInventoryReader.Apply(host, key["labspecs_".Length..], value, at, file); break;
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

    [GeneratedRegex(@"^\[([A-Za-z0-9_.-]+)(?::(vars|children))?\]$")]
    private static partial Regex IniSection();

    [GeneratedRegex(@"(?:[^\s""']+|""[^""]*""|'[^']*')+")]
    private static partial Regex IniWord();

    [GeneratedRegex(@"(?:ProxyJump=|-J\s*)([^\s'""]+)")]
    private static partial Regex ProxyJumpArg();

    [GeneratedRegex(@"^\{\{\s*lookup\(\s*['""]env['""]\s*,\s*['""]([A-Za-z_][A-Za-z0-9_]*)['""]\s*\)\s*\}\}$")]
    private static partial Regex EnvLookupPattern();
}
