using System.Text.Json;
using System.Text.Json.Serialization;
using Docker.DotNet.Models;

namespace LabSpecs.Drivers.Docker;

/// <summary>Between Docker.DotNet's models and the driver's records; nothing above the driver sees Docker.DotNet types.</summary>
internal static class DockerMapping
{
    private static readonly JsonSerializerOptions InspectJson = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>As <c>docker inspect</c> prints it: a JSON array holding the object, indented.</summary>
    public static string InspectText<T>(T model) => JsonSerializer.Serialize(new[] { model }, InspectJson);

    public static CreateContainerParameters ToCreateParameters(ContainerSpec spec, string runLabel, string runId)
    {
        var labels = new Dictionary<string, string>(spec.Labels) { [runLabel] = runId };
        var parameters = new CreateContainerParameters
        {
            Image = spec.Image,
            Name = spec.Name!, // null lets the engine pick a name
            Hostname = spec.Hostname!,
            Cmd = spec.Command?.ToList()!,
            Env = spec.Env.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            Labels = labels,
            HostConfig = new HostConfig { NetworkMode = spec.Network!, Privileged = spec.Privileged },
        };
        if (spec.Ports.Count > 0)
        {
            parameters.ExposedPorts = spec.Ports.ToDictionary(p => p.ContainerKey, _ => default(EmptyStruct));
            parameters.HostConfig.PortBindings = spec.Ports.GroupBy(p => p.ContainerKey).ToDictionary(
                g => g.Key,
                g => (IList<PortBinding>)g.Select(p => new PortBinding { HostIP = p.HostIp ?? "", HostPort = p.HostPort?.ToString() ?? "" }).ToList());
        }

        return parameters;
    }

    public static NetworksCreateParameters ToCreateParameters(NetworkSpec spec, string runLabel, string runId)
    {
        var parameters = new NetworksCreateParameters
        {
            Name = spec.Name,
            Driver = spec.Driver,
            Options = new Dictionary<string, string>(spec.Options),
            Labels = new Dictionary<string, string>(spec.Labels) { [runLabel] = runId },
        };
        if (spec.Subnet is not null)
        {
            parameters.IPAM = new IPAM { Driver = "default", Config = [new IPAMConfig { Subnet = spec.Subnet, Gateway = spec.Gateway! }] };
        }

        return parameters;
    }

    public static ContainersListParameters ToListParameters(ContainerFilter filter)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>();
        void Add(string key, string? value)
        {
            if (value is not null) filters[key] = new Dictionary<string, bool> { [value] = true };
        }

        Add("status", filter.Status);
        Add("name", filter.Name);
        Add("label", filter.Label);
        Add("network", filter.Network);
        return new ContainersListParameters { All = filter.All, Filters = filters };
    }

    public static ContainerSummary ToSummary(ContainerListResponse c) => new(
        c.ID, (c.Names?.FirstOrDefault() ?? "").TrimStart('/'), c.Image, c.Command, c.Created, c.State, c.Status,
        (c.Ports ?? []).Select(p => new PublishedPort(p.PrivatePort, p.Type, p.IP, p.PublicPort)).ToList(),
        new Dictionary<string, string>(c.Labels ?? new Dictionary<string, string>()));

    public static ContainerDetails ToDetails(ContainerInspectResponse r)
    {
        var networks = (r.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>()).ToDictionary(
            kv => kv.Key,
            kv => new ContainerEndpoint(kv.Key, kv.Value.NetworkID, kv.Value.IPAddress, kv.Value.IPPrefixLen, kv.Value.MacAddress,
                kv.Value.Gateway, (kv.Value.Aliases ?? []).ToList()));
        var ports = (r.NetworkSettings?.Ports ?? new Dictionary<string, IList<PortBinding>>())
            .SelectMany(kv =>
            {
                var (port, proto) = SplitPortKey(kv.Key);
                return kv.Value is { Count: > 0 } bindings
                    ? bindings.Select(b => new PublishedPort(port, proto, b.HostIP, int.TryParse(b.HostPort, out var h) ? h : null))
                    : [new PublishedPort(port, proto, null, null)];
            })
            .ToList();
        return new ContainerDetails(
            r.ID, r.Name.TrimStart('/'), r.Config?.Image ?? r.Image, r.State?.Status ?? "", r.State?.Running ?? false,
            r.State?.ExitCode ?? 0, r.State?.Pid ?? 0, r.NetworkSettings?.SandboxKey, networks, ports,
            new Dictionary<string, string>(r.Config?.Labels ?? new Dictionary<string, string>()), InspectText(r));
    }

    public static NetworkDetails ToDetails(NetworkResponse n) => new(
        n.ID, n.Name, n.Driver, n.Scope,
        (n.IPAM?.Config ?? []).Select(c => new IpamPool(c.Subnet, string.IsNullOrEmpty(c.Gateway) ? null : c.Gateway)).ToList(),
        new Dictionary<string, string>(n.Options ?? new Dictionary<string, string>()),
        new Dictionary<string, string>(n.Labels ?? new Dictionary<string, string>()),
        (n.Containers ?? new Dictionary<string, EndpointResource>())
            .Select(kv => new NetworkEndpoint(kv.Key, kv.Value.Name, kv.Value.MacAddress, kv.Value.IPv4Address)).ToList(),
        InspectText(n), n.Attachable);

    private static (int Port, string Protocol) SplitPortKey(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? (int.Parse(key), "tcp") : (int.Parse(key[..slash]), key[(slash + 1)..]);
    }
}
