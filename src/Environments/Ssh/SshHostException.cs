using LabSpecs.Core;

namespace LabSpecs.Environments.Ssh;

/// <summary>Could not reach, authenticate to, or trust a host's sshd; says which host, address and why.</summary>
public class SshHostException(string message, Exception? inner = null) : LabSpecsException(message, inner);

/// <summary>The host presented a key whose fingerprint differs from the one the environment pinned; the connection was refused.</summary>
public sealed class HostKeyMismatchException(string host, string endpoint, string pinned, string presented)
    : SshHostException(
        $"Refused SSH to {host} ({endpoint}): host key fingerprint SHA256:{HostKeyPin.Normalize(presented)} is not the pinned " +
        $"SHA256:{HostKeyPin.Normalize(pinned)}. The host was rebuilt or this is not the host the environment describes.")
{
    public string Presented { get; } = presented;
}

/// <summary>The host's key is pinned nowhere (no fingerprint in the inventory, no known_hosts entry); the connection was refused.</summary>
public sealed class UnknownHostKeyException(string host, string endpoint, string presented)
    : SshHostException(
        $"Refused SSH to {host} ({endpoint}): its host key SHA256:{HostKeyPin.Normalize(presented)} is not pinned (no host_key in the " +
        "inventory, no entry in the project's known_hosts). Check it on the host (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), " +
        "then pin it with host_key: SHA256:… or trust it once with -AcceptNewHostKeys (LABSPECS_ACCEPT_NEW_HOST_KEYS=1).")
{
    public string Presented { get; } = presented;
}
