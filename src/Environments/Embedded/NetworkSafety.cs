using System.Net;

namespace LabSpecs.Environments.Embedded;

/// <summary>
/// The root namespace must never send lab traffic out of eth0. For every lab subnet an <c>unreachable</c> route is installed
/// in the root namespace, so a connection there fails locally at once ("No route to host") while an environment exists and
/// after. These routes are the one thing deliberately left behind (harmless; <c>ip route del unreachable SUBNET</c> removes one).
/// The machine's own networks (eth0 192.0.2.0/24, DNS 10.255.255.53) are refused.
/// </summary>
public static class NetworkSafety
{
    private static readonly IPNetwork[] Protected = [IPNetwork.Parse("192.0.2.0/24"), IPNetwork.Parse("10.255.255.53/32")];
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task EnsureUnreachableRoutesAsync(IEnumerable<IPNetwork> subnets, CancellationToken ct = default)
    {
        await Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var existing = (await Sh.RunAsync("ip -4 route show type unreachable", ct: ct).ConfigureAwait(false)).Stdout;
            foreach (var subnet in subnets.Distinct())
            {
                if (Protected.Any(p => Overlaps(p, subnet)))
                {
                    throw new Core.LabSpecsException($"Lab subnet {subnet} overlaps this machine's own network ({string.Join(", ", Protected)}); choose another subnet.");
                }

                if (existing.Split('\n').Any(l => l.Trim().StartsWith($"unreachable {subnet} ", StringComparison.Ordinal) || l.Trim() == $"unreachable {subnet}")) continue;
                // 'replace' is idempotent when another run adds the same route at the same moment.
                await Sh.MustAsync($"ip route replace unreachable {subnet}", ct: ct).ConfigureAwait(false);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    public static bool Overlaps(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);
}
