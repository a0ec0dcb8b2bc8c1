using System.Text.Json;
using LabSpecs.Core;
using LabSpecs.Environments.Embedded;

namespace LabSpecs.Environments.Vm;

/// <summary>
/// What makes one VM of an environment this host and no other (the image is shared): a small ext4 disk labelled
/// <c>lsseed</c> whose <c>files/</c> the image's <c>labspecs-seed.service</c> copies onto / and whose <c>seed.sh</c> it runs,
/// before the network, sshd and dockerd start (contract: src/Environments/README.md, "Host images", vm variant).
/// Carries the host name, the lab address on eth0 (no default route), its own sshd host key, the environment's client key
/// for the <c>vagrant</c> user, and dockerd's registry mirror (the underlay's .2).
/// </summary>
internal static class VmSeed
{
    public const string User = "vagrant";
    private const int Uid = 1000;

    public static string Dir(LabPaths paths, string host) => Path.Combine(paths.HostState(host), "seed");

    public static string Image(LabPaths paths, string host) => Path.Combine(paths.HostState(host), "seed.img");

    public static string HostKeyPub(LabPaths paths, string host) => Path.Combine(Dir(paths, host), "files/etc/ssh/ssh_host_ed25519_key.pub");

    public static async Task WriteAsync(LabPaths paths, TopologySpec topology, HostSpec host, CancellationToken ct)
    {
        var dir = Dir(paths, host.Name);
        var files = Path.Combine(dir, "files");
        foreach (var d in new[] { "etc/ssh", "etc/docker", $"home/{User}/.ssh" }) Directory.CreateDirectory(Path.Combine(files, d));
        await File.WriteAllTextAsync(Path.Combine(files, "etc/hostname"), host.Name + "\n", ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(files, "etc/hosts"), HostFiles.HostsFile(topology), ct).ConfigureAwait(false);
        await Sh.MustAsync($"ssh-keygen -q -t ed25519 -N '' -C root@{host.Name} -f {Path.Combine(files, "etc/ssh/ssh_host_ed25519_key")}", ct: ct).ConfigureAwait(false);
        File.Copy(paths.ClientKey + ".pub", Path.Combine(files, $"home/{User}/.ssh/authorized_keys"), overwrite: true);
        var registry = $"{UnderlayAddresses.Registry(topology)}:5000";
        var daemon = new Dictionary<string, object>
        {
            ["registry-mirrors"] = new[] { $"http://{registry}" },
            ["insecure-registries"] = new[] { registry },
            ["labels"] = new[] { $"labspecs.environment={paths.Id}", $"labspecs.host={host.Name}" },
        };
        await File.WriteAllTextAsync(Path.Combine(files, "etc/docker/daemon.json"), JsonSerializer.Serialize(daemon), ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(dir, "seed.sh"), $"""
            # LabSpecs seed of {host.Name} (environment {paths.Id}): run once at boot by labspecs-seed.service
            hostname {host.Name}
            ip link set lo up
            ip addr add {host.Address}/{topology.Subnet.PrefixLength} dev eth0
            ip link set eth0 up
            # as the handbook's boxes: vagrant runs docker without sudo
            adduser -q {User} docker 2>/dev/null || true

            """, ct).ConfigureAwait(false);
        // mke2fs -d keeps owners and modes: the vagrant user's files are its own, as sshd's StrictModes wants
        await Sh.MustAsync($"""
            chmod 600 {files}/etc/ssh/ssh_host_ed25519_key {files}/home/{User}/.ssh/authorized_keys
            chmod 700 {files}/home/{User}/.ssh
            chown -R {Uid}:{Uid} {files}/home/{User}
            mke2fs -q -F -t ext4 -L lsseed -d {dir} {Image(paths, host.Name)} 16M
            """, ct: ct).ConfigureAwait(false);
    }
}
