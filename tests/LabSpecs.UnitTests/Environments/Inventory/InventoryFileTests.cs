using LabSpecs.Environments;
using System.Net;
using LabSpecs.Environments.Inventory;
using LabSpecs.Environments.Ssh;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments.Inventory;

public sealed class InventoryFileTests
{
    // What `vagrant ssh-config` prints for the handbook's two-node Vagrantfile (format of Vagrant 2.x).
    private const string VagrantSshConfig = """
        Host docker-node1
          HostName 127.0.0.1
          User vagrant
          Port 2222
          UserKnownHostsFile /dev/null
          StrictHostKeyChecking no
          PasswordAuthentication no
          IdentityFile /home/me/lab/multi-node/.vagrant/machines/docker-node1/virtualbox/private_key
          IdentitiesOnly yes
          LogLevel FATAL
          PubkeyAcceptedKeyTypes +ssh-rsa
          HostKeyAlgorithms +ssh-rsa

        Host docker-node2
          HostName 127.0.0.1
          User vagrant
          Port 2200
          UserKnownHostsFile /dev/null
          StrictHostKeyChecking no
          PasswordAuthentication no
          IdentityFile "/home/me/lab/multi-node/.vagrant/machines/docker-node2/virtualbox/private_key"
          IdentitiesOnly yes
          LogLevel FATAL

        """;

    [Test]
    public void A_vagrant_ssh_config_becomes_hosts_with_port_key_and_sudo_and_ignores_its_host_key_opt_out()
    {
        var inv = InventoryFile.Parse(VagrantSshConfig, "/lab/ssh.conf");

        inv.Format.ShouldBe(InventoryFile.SshConfigFormat);
        inv.Hosts.Select(h => h.Name).ShouldBe(["docker-node1", "docker-node2"]);
        var n2 = inv.Host("docker-node2");
        n2.Target.ShouldBe("vagrant@127.0.0.1:2200");
        n2.IdentityFile.ShouldBe("/home/me/lab/multi-node/.vagrant/machines/docker-node2/virtualbox/private_key");
        n2.Become.ShouldBe(Become.Sudo, "vagrant is not root: commands go through sudo");
        n2.OriginOf("port").ToString().ShouldBe("/lab/ssh.conf:17 (Port)");
        n2.KnownHostsFile.ShouldBeNull("UserKnownHostsFile /dev/null is not honoured: keys stay pinned");
        n2.LabAddress.ShouldBeNull("ssh-config has no lab address: the topology's is used");
        inv.AcceptNewHostKeys.ShouldBeFalse();
    }

    [Test]
    public void A_labspecs_inventory_gives_every_field_with_its_line()
    {
        var inv = InventoryFile.Parse("""
            host_keys: accept-new
            known_hosts: keys/known_hosts
            hosts:
              bastion:
                host: jump.example.org
                user: ops
                identity_file: ~/.ssh/id_ed25519
                become: none
              docker-node1:
                address: 192.168.205.10
                host: 10.0.0.5
                port: 2201
                user: lab
                identity_file: keys/node1
                host_key: SHA256:HrKUN+vDAMqOVZZ8Vgy//ek28zdLUVGdI3rnxm7x+js
                jump: bastion
                become: sudo
                become_password_env: NODE1_SUDO
              docker-node2:
                host: 10.0.0.6
                password_env: NODE2_PASSWORD
                client: true
            """, "/lab/inv.yml");

        inv.Format.ShouldBe(InventoryFile.LabSpecsFormat);
        inv.AcceptNewHostKeys.ShouldBeTrue();
        inv.KnownHostsFile.ShouldBe("/lab/keys/known_hosts");
        var n1 = inv.Host("docker-node1");
        n1.LabAddress.ShouldBe(IPAddress.Parse("192.168.205.10"));
        n1.Target.ShouldBe("lab@10.0.0.5:2201");
        n1.IdentityFile.ShouldBe("/lab/keys/node1");
        n1.Jump.ShouldBe("bastion");
        n1.BecomePasswordVariable.ShouldBe("NODE1_SUDO");
        n1.OriginOf("host key").ToString().ShouldBe("/lab/inv.yml:15 (host_key)");
        var n2 = inv.Host("docker-node2");
        n2.User.ShouldBe("root");
        n2.PasswordVariable.ShouldBe("NODE2_PASSWORD");
        n2.Client.ShouldBeTrue();
        n2.Become.ShouldBe(Become.None);
        inv.Host("bastion").Become.ShouldBe(Become.None, "an explicit become: none stays");
    }

    [Test]
    public void An_ansible_ini_inventory_with_groups_children_and_vars()
    {
        var inv = InventoryFile.Parse("""
            # the handbook's Kubernetes boxes
            [masters]
            k8s-master ansible_host=192.168.205.10 labspecs_address=192.168.205.10

            [workers]
            k8s-worker1 ansible_host=192.168.205.11 ansible_port=2222
            k8s-worker2 ansible_host=192.168.205.12 ansible_ssh_common_args='-o ProxyJump=k8s-master'

            [k8s:children]
            masters
            workers

            [k8s:vars]
            ansible_user=vagrant
            ansible_ssh_private_key_file=~/.vagrant.d/insecure_private_key
            ansible_become=true
            ansible_become_password="{{ lookup('env', 'K8S_SUDO') }}"

            [client]
            k8s-worker2
            """, "/lab/hosts.ini");

        inv.Format.ShouldBe(InventoryFile.AnsibleIniFormat);
        inv.Hosts.Select(h => h.Name).ShouldBe(["k8s-master", "k8s-worker1", "k8s-worker2"]);
        var w1 = inv.Host("k8s-worker1");
        w1.Target.ShouldBe("vagrant@192.168.205.11:2222");
        w1.Groups.ShouldBe(["workers", "k8s"], ignoreOrder: true);
        w1.Become.ShouldBe(Become.Sudo);
        w1.BecomePasswordVariable.ShouldBe("K8S_SUDO");
        w1.OriginOf("user").ToString().ShouldBe("/lab/hosts.ini:14 (ansible_user)");
        inv.Host("k8s-master").LabAddress.ShouldBe(IPAddress.Parse("192.168.205.10"));
        var w2 = inv.Host("k8s-worker2");
        w2.Jump.ShouldBe("k8s-master");
        w2.Client.ShouldBeTrue("in the group 'client'");
    }

    [Test]
    public void An_ansible_yaml_inventory_with_nested_groups()
    {
        var inv = InventoryFile.Parse("""
            all:
              vars:
                ansible_user: vagrant
                ansible_ssh_private_key_file: /keys/lab
              children:
                swarm:
                  hosts:
                    swarm-manager:
                      ansible_host: 10.1.0.100
                      ansible_become: yes
                    swarm-worker1:
                      ansible_host: 10.1.0.101
                      ansible_port: 2201
            """, "/lab/hosts.yml");

        inv.Format.ShouldBe(InventoryFile.AnsibleYamlFormat);
        inv.Host("swarm-worker1").Target.ShouldBe("vagrant@10.1.0.101:2201");
        inv.Host("swarm-manager").IdentityFile.ShouldBe("/keys/lab");
        inv.Host("swarm-manager").Groups.ShouldBe(["swarm"]);
        inv.Host("swarm-worker1").OriginOf("port").ToString().ShouldBe("/lab/hosts.yml:13 (ansible_port)");
    }

    [Test]
    public void A_host_engine_over_tcp_with_tls_or_a_docker_context_instead_of_over_ssh()
    {
        var inv = InventoryFile.Parse("hosts:\n  n1:\n    identity_file: k\n    docker_host: tcp://10.0.0.5:2376\n    docker_cert_path: certs/n1\n  n2:\n    identity_file: k\n    docker_context: lab-n2\n  n3:\n    identity_file: k\n", "/lab/inv.yml");

        var n1 = new InventoryLabHost(inv.Host("n1"), IPAddress.Loopback, new LabSpecs.Environments.SshEndpoint("n1", 22, "root", "k", "", IPAddress.Loopback), SshHostOptions.Default);
        n1.DockerEndpoint.ShouldBe(new Uri("tcp://10.0.0.5:2376"));
        n1.DockerCertPath.ShouldBe("/lab/certs/n1");
        inv.Host("n2").DockerContext.ShouldBe("lab-n2");
        new InventoryLabHost(inv.Host("n3"), IPAddress.Loopback, new LabSpecs.Environments.SshEndpoint("n3", 2222, "lab", "k", "", IPAddress.Loopback), SshHostOptions.Default)
            .DockerEndpoint.ShouldBe(new Uri("ssh://lab@n3:2222"));
        Should.Throw<EnvironmentFileException>(() => InventoryFile.Parse("hosts:\n  n1:\n    identity_file: k\n    docker_host: https://x\n", "/i.yml")).Message.ShouldContain("is not tcp://HOST:PORT");
    }

    [TestCase("hosts:\n  docker-node1:\n    prot: 22\n    identity_file: k\n", "/i.yml:3: unknown key 'prot' in host 'docker-node1'; valid: address, host, port")]
    [TestCase("hosts:\n  docker-node1:\n    port: 70000\n    identity_file: k\n", "/i.yml:3: port: '70000' is not a TCP port")]
    [TestCase("hosts:\n  docker-node1:\n    host: a\n", "/i.yml:2: host 'docker-node1': no private key and no password variable")]
    [TestCase("hosts:\n  docker-node1:\n    identity_file: k\n    jump: nowhere\n", "jump host 'nowhere' is neither a host of this inventory (docker-node1) nor user@host:port")]
    [TestCase("host_keys: trust-all\nhosts:\n  a:\n    identity_file: k\n", "/i.yml:1: host_keys: 'trust-all' is not valid; valid: pinned (default), accept-new")]
    [TestCase("[web]\nn1 ansible_password=secret ansible_ssh_private_key_file=k\n", "/i.yml:2: ansible_password: write the password as {{ lookup('env', 'VARIABLE') }}")]
    [TestCase("Host n1\n  ProxyCommand nc %h %p\n  IdentityFile k\n", "/i.yml:2: ProxyCommand is not supported; use ProxyJump")]
    public void A_wrong_inventory_names_file_line_and_valid_choices(string text, string expected)
    {
        Should.Throw<EnvironmentFileException>(() => InventoryFile.Parse(text, "/i.yml")).Message.ShouldContain(expected);
    }

    [Test]
    public void Commands_become_root_through_sudo_with_the_password_on_stdin_never_on_the_command_line()
    {
        var inv = InventoryFile.Parse("hosts:\n  n1:\n    user: lab\n    identity_file: k\n    become_password_env: PW\n  n2:\n    user: lab\n    identity_file: k\n  n3:\n    identity_file: k\n", "/i.yml");

        var (withPassword, stdin) = InventoryLabHost.AsRoot("docker ps", inv.Host("n1"), v => v == "PW" ? "s3cret" : null);
        withPassword.ShouldBe("sudo -S -p '' -- sh -c 'docker ps'");
        stdin.ShouldBe("s3cret\n");
        withPassword.ShouldNotContain("s3cret");
        InventoryLabHost.AsRoot("docker ps", inv.Host("n2"), _ => null).ShouldBe(("sudo -n -- sh -c 'docker ps'", null));
        InventoryLabHost.AsRoot("docker ps", inv.Host("n3"), _ => null).ShouldBe(("docker ps", null), "root needs no sudo");
        Should.Throw<LabSpecs.Core.LabSpecsException>(() => InventoryLabHost.AsRoot("id", inv.Host("n1"), _ => null)).Message.ShouldContain("PW");
    }

    [Test]
    public async Task Known_hosts_keeps_every_key_accepted_at_once_and_waits_for_another_writer()
    {
        var dir = Directory.CreateTempSubdirectory("labspecs-kh").FullName;
        try
        {
            var path = Path.Combine(dir, "keys", "known_hosts");
            var blob = Convert.ToBase64String(Convert.FromBase64String("AAAAC3NzaC1lZDI1NTE5AAAAIBkqY8Ydq5gwR9Wbs6ReRcHl+DT+WAkGBgMRfeXJRDYT"));
            // Given the hosts of a run accepting their keys at the same moment (each through its own KnownHosts, as runs do)
            var ports = Enumerable.Range(40000, 32).ToList();
            await Task.WhenAll(ports.Select(p => Task.Run(() => new KnownHosts(path).Add("127.0.0.1", p, "ssh-ed25519", blob))));

            var lines = File.ReadAllLines(path);
            lines.Length.ShouldBe(ports.Count, string.Join('\n', lines));
            foreach (var p in ports) new KnownHosts(path).Fingerprints("127.0.0.1", p).Count.ShouldBe(1, $"port {p}:\n{string.Join('\n', lines)}");
            if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

            // the same key again is not a second line
            new KnownHosts(path).Add("127.0.0.1", 40000, "ssh-ed25519", blob);
            File.ReadAllLines(path).Length.ShouldBe(ports.Count);

            // while another writer (another run) holds the file, an Add waits for it instead of writing over it
            Task late;
            using (var other = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                late = Task.Run(() => new KnownHosts(path).Add("127.0.0.1", 50000, "ssh-ed25519", blob));
                await Task.Delay(300);
                late.IsCompleted.ShouldBeFalse("Add must wait for the file's other writer");
                other.Seek(0, SeekOrigin.End);
                other.Write("[127.0.0.1]:50001 ssh-ed25519 "u8.ToArray().Concat(System.Text.Encoding.ASCII.GetBytes(blob + "\n")).ToArray());
            }

            await late.WaitAsync(TimeSpan.FromSeconds(10));
            new KnownHosts(path).Fingerprints("127.0.0.1", 50000).Count.ShouldBe(1);
            new KnownHosts(path).Fingerprints("127.0.0.1", 50001).Count.ShouldBe(1, "the other writer's line is kept");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Known_hosts_finds_plain_ported_and_hashed_entries_by_fingerprint()
    {
        var dir = Directory.CreateTempSubdirectory("labspecs-kh").FullName;
        try
        {
            var path = Path.Combine(dir, "known_hosts");
            var blob = Convert.FromBase64String("AAAAC3NzaC1lZDI1NTE5AAAAIBkqY8Ydq5gwR9Wbs6ReRcHl+DT+WAkGBgMRfeXJRDYT");
            var fingerprint = KnownHosts.Fingerprint(blob);
            var known = new KnownHosts(path);
            known.Add("127.0.0.1", 2222, "ssh-ed25519", Convert.ToBase64String(blob));
            // a hashed entry as `ssh-keygen -H` writes it, for the name "docker-node1" (salt fixed here)
            var salt = new byte[20];
            using var hmac = new System.Security.Cryptography.HMACSHA1(salt);
            var hashed = $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hmac.ComputeHash("docker-node1"u8.ToArray()))}";
            File.AppendAllText(path, $"{hashed} ssh-ed25519 {Convert.ToBase64String(blob)}\n");

            File.ReadAllText(path).ShouldStartWith("[127.0.0.1]:2222 ssh-ed25519 ");
            known.Fingerprints("127.0.0.1", 2222).ShouldBe([fingerprint]);
            known.Fingerprints("127.0.0.1", 22).ShouldBeEmpty("another port is another host");
            known.Fingerprints("docker-node1", 22).ShouldBe([fingerprint]);
            known.Fingerprints("docker-node2", 22).ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
