using LabSpecs.Core;
using LabSpecs.Drivers.Networking;

namespace LabSpecs.Specs.Support;

/// <summary>
/// Reads "ip addr" where the handbook reads it: on the docker host, inside a network namespace of the host
/// (<c>ip netns exec test1 ip addr</c>) or inside a container (<c>docker exec test1 ip addr</c>).
/// </summary>
public static class Interfaces
{
    public static Task<IReadOnlyList<NetworkInterface>> OnHostAsync(LabContext lab) => ReadAsync(lab, "ip addr");

    public static Task<IReadOnlyList<NetworkInterface>> InNamespaceAsync(LabContext lab, string ns) =>
        ReadAsync(lab, $"ip netns exec {LocalProcess.Quote(ns)} ip addr");

    public static Task<IReadOnlyList<NetworkInterface>> InContainerAsync(LabContext lab, string container) =>
        ReadAsync(lab, $"docker exec {LocalProcess.Quote(container)} ip addr");

    /// <summary>
    /// The docker host's end of a container's veth pair: the host interface whose index is the peer of the container's eth0
    /// (<c>eth0@if7</c> inside ↔ interface 7 on the host).
    /// </summary>
    public static async Task<NetworkInterface> HostSideOfVethAsync(LabContext lab, string container)
    {
        var inside = Named(await InContainerAsync(lab, container).ConfigureAwait(false), "eth0", $"in container {container}");
        var peer = inside.PeerIndex ?? throw new LabSpecsException($"eth0 of {container} is not one end of a veth pair: {inside}");
        var host = await OnHostAsync(lab).ConfigureAwait(false);
        return host.FirstOrDefault(i => i.Index == peer)
               ?? throw new LabSpecsException($"No interface with index {peer} (the peer of {container}'s eth0) on {lab.Host.Name}: {Names(host)}");
    }

    public static NetworkInterface Named(IReadOnlyList<NetworkInterface> all, string name, string where) =>
        all.FirstOrDefault(i => i.Name == name)
        ?? throw new LabSpecsException($"No interface '{name}' {where}; it has: {Names(all)}");

    public static string Names(IEnumerable<NetworkInterface> all) => string.Join(", ", all.Select(i => i.Name));

    public static IReadOnlyList<string> ParseList(string commaSeparated) =>
        commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<IReadOnlyList<NetworkInterface>> ReadAsync(LabContext lab, string command)
    {
        var r = (await lab.Shell.RunAsync(command).ConfigureAwait(false)).EnsureSuccess();
        return IpTextParser.ParseAddr(r.Stdout);
    }
}
