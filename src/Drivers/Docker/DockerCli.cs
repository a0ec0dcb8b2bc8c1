using LabSpecs.Core;

namespace LabSpecs.Drivers.Docker;

/// <summary>
/// The <c>docker</c> command line equivalent to each API call, as the handbook would write it; shown in the report's evidence.
/// The run label the driver adds (<c>--label labspecs.run=…</c>) is left out so lines read like the handbook.
/// </summary>
public static class DockerCli
{
    public static string Run(ContainerSpec spec, bool detached) => "docker run " + Join(RunFlags(spec, detached), spec.Image, spec.Command);

    public static string Create(ContainerSpec spec) => "docker create " + Join(RunFlags(spec, false), spec.Image, spec.Command);

    public static string Exec(string container, IEnumerable<string> command) => Line("docker", "exec", container) + " " + Args(command);

    public static string Ps(ContainerFilter filter, bool quiet)
    {
        var parts = new List<string> { "docker", "ps" };
        if (filter.All) parts.Add("-a");
        if (quiet) parts.Add("-q");
        void Filter(string key, string? value)
        {
            if (value is not null) parts.AddRange(["--filter", $"{key}={value}"]);
        }

        Filter("status", filter.Status);
        Filter("name", filter.Name);
        Filter("label", filter.Label);
        Filter("network", filter.Network);
        return Line(parts.ToArray());
    }

    public static string NetworkCreate(NetworkSpec spec)
    {
        var parts = new List<string> { "docker", "network", "create", "-d", spec.Driver };
        if (spec.Subnet is not null) parts.AddRange(["--subnet", spec.Subnet]);
        if (spec.Gateway is not null) parts.AddRange(["--gateway", spec.Gateway]);
        foreach (var (k, v) in spec.Options) parts.AddRange(["-o", $"{k}={v}"]);
        foreach (var (k, v) in spec.Labels) parts.AddRange(["--label", $"{k}={v}"]);
        parts.Add(spec.Name);
        return Line(parts.ToArray());
    }

    public static string Build(string contextDir, string tag, string dockerfile) =>
        dockerfile == "Dockerfile" ? Line("docker", "build", "-t", tag, contextDir) : Line("docker", "build", "-t", tag, "-f", dockerfile, contextDir);

    public static string Line(params string[] words) => string.Join(' ', words.Select(LocalProcess.Quote));

    private static List<string> RunFlags(ContainerSpec spec, bool detached)
    {
        var flags = new List<string>();
        if (detached) flags.Add("-d");
        if (spec.Remove) flags.Add("--rm");
        if (spec.Name is not null) flags.AddRange(["--name", spec.Name]);
        if (spec.Hostname is not null) flags.AddRange(["--hostname", spec.Hostname]);
        if (spec.Network is not null) flags.Add(spec.HostNetwork ? "--net=host" : "--network=" + spec.Network);
        if (spec.Privileged) flags.Add("--privileged");
        foreach (var p in spec.Ports) flags.AddRange(["-p", p.ToString()]);
        foreach (var (k, v) in spec.Env) flags.AddRange(["-e", $"{k}={v}"]);
        foreach (var (k, v) in spec.Labels) flags.AddRange(["--label", $"{k}={v}"]);
        return flags;
    }

    private static string Join(List<string> flags, string image, IReadOnlyList<string>? command) =>
        string.Join(' ', flags.Select(LocalProcess.Quote).Append(LocalProcess.Quote(image)).Concat((command ?? []).Select(LocalProcess.Quote)));

    private static string Args(IEnumerable<string> words) => string.Join(' ', words.Select(LocalProcess.Quote));
}
