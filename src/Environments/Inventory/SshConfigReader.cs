using System.Text.RegularExpressions;
using static LabSpecs.Environments.Inventory.InventoryFields;

namespace LabSpecs.Environments.Inventory;

/// <summary>
/// A <c>vagrant ssh-config</c> output, or any ssh_config with <c>Host</c> blocks: HostName, Port, User, IdentityFile, ProxyJump,
/// UserKnownHostsFile; ssh's precedence (the first value met: the host's own block, then <c>Host *</c> and what precedes the first Host).
/// </summary>
internal static partial class SshConfigReader
{
    public static List<InventoryHost> Read(string text, string file)
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

    [GeneratedRegex(@"^([A-Za-z]+)(?:\s*=\s*|\s+)(.*)$")]
    private static partial Regex SshConfigLine();
}
