using YamlDotNet.RepresentationModel;
using static LabSpecs.Environments.Inventory.InventoryFields;

namespace LabSpecs.Environments.Inventory;

/// <summary>
/// A LabSpecs inventory: YAML with <c>hosts:</c> (name → address, host, port, user, identity_file, …), <c>known_hosts:</c>
/// and <c>host_keys: pinned|accept-new</c>. Unknown keys fail with the valid ones.
/// </summary>
internal static class LabSpecsInventoryReader
{
    private static readonly string[] TopKeys = ["hosts", "known_hosts", "host_keys", "timeout_scale"];
    private static readonly string[] HostKeys =
        ["address", "host", "port", "user", "identity_file", "password_env", "host_key", "jump", "become", "become_password_env", "client",
         "docker_host", "docker_cert_path", "docker_context"];

    /// <summary>
    /// <c>timeout_scale: 8</c>: the hosts are that many times slower than LabSpecs' timeouts assume (e.g. VMs under qemu's
    /// emulator, as <c>env up --provider vm</c> writes it); every timeout of a run on them is stretched by it. Default 1.
    /// </summary>
    public static double TimeoutScale(YamlMappingNode root, string file)
    {
        if (Optional(root, "timeout_scale") is not { } n) return 1;
        var text = Scalar(file, n, "timeout_scale");
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 1 && v <= 100
            ? v
            : throw new EnvironmentFileException(file, Line(n), $"timeout_scale: '{text}' is not valid; valid: a number from 1 to 100");
    }

    /// <summary>The hosts, the known_hosts file it names (or null) and whether new host keys are accepted.</summary>
    public static (List<InventoryHost> Hosts, string? KnownHosts, bool AcceptNew) Read(YamlMappingNode root, string file)
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

    /// <summary>One field of a host (<paramref name="key"/> as this format names it; an Ansible inventory's <c>labspecs_KEY</c> too).</summary>
    public static void Apply(InventoryHost host, string key, string v, FieldOrigin at, string file)
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
}
