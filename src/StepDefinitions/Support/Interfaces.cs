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
