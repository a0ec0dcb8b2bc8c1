using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.Docker;

/// <summary>A published port as <c>docker run -p</c> takes it: <c>80</c>, <c>80:80</c>, <c>127.0.0.1:8080:80</c>, <c>53:53/udp</c>.</summary>
public sealed partial record PortMapping(int ContainerPort, string Protocol = "tcp", int? HostPort = null, string? HostIp = null)
{
    [GeneratedRegex(@"^((?<ip>\d+\.\d+\.\d+\.\d+):)?((?<host>\d*):)?(?<ctr>\d+)(/(?<proto>tcp|udp|sctp))?$")]
    private static partial Regex Syntax();

    public static PortMapping Parse(string text)
    {
        var m = Syntax().Match(text.Trim());
        if (!m.Success) throw new FormatException($"'{text}' is not a port mapping like 80, 80:80, 8080:80/tcp or 127.0.0.1:80:80");
        return new PortMapping(
            int.Parse(m.Groups["ctr"].Value),
            m.Groups["proto"].Success ? m.Groups["proto"].Value : "tcp",
            m.Groups["host"].Success && m.Groups["host"].Value.Length > 0 ? int.Parse(m.Groups["host"].Value) : null,
            m.Groups["ip"].Success ? m.Groups["ip"].Value : null);
    }

    public string ContainerKey => $"{ContainerPort}/{Protocol}";

    /// <summary>As the CLI flag value: <c>80</c>, <c>80:80</c>, <c>127.0.0.1:8080:80/udp</c>.</summary>
    public override string ToString() =>
        (HostIp is null ? "" : HostIp + ":") + (HostPort is null ? (HostIp is null ? "" : ":") : $"{HostPort}:") + ContainerPort +
        (Protocol == "tcp" ? "" : "/" + Protocol);
}

/// <summary>
/// What <c>docker run</c> / <c>docker create</c> is asked to make. <see cref="Network"/> "host" means the host network.
/// The driver adds the run label <c>labspecs.run=&lt;id&gt;</c> itself.
/// </summary>
public sealed record ContainerSpec(string Image)
{
    public string? Name { get; init; }

    /// <summary>The command and its arguments (after the image in <c>docker run</c>); null uses the image's CMD.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    public string? Network { get; init; }

    public IReadOnlyList<PortMapping> Ports { get; init; } = [];

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string? Hostname { get; init; }

    public bool Privileged { get; init; }

    /// <summary><c>--rm</c>: removed after it stops (the driver removes it after collecting output).</summary>
    public bool Remove { get; init; }

    public bool HostNetwork => Network == "host";

    public ContainerSpec WithCommand(params string[] command) => this with { Command = command };
}

/// <summary>Filters of <c>docker ps</c>: <c>-a</c>, <c>--filter status=exited</c>, <c>--filter name=..</c>, <c>--filter label=..</c>.</summary>
public sealed record ContainerFilter(bool All = false, string? Status = null, string? Name = null, string? Label = null, string? Network = null);

/// <summary>What <c>docker network create</c> is asked to make.</summary>
public sealed record NetworkSpec(string Name, string Driver = "bridge")
{
    public string? Subnet { get; init; }

    public string? Gateway { get; init; }

    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
