using System.Net;

namespace LabSpecs.Environments.Embedded;

/// <summary>Addresses the underlay itself takes in a topology's subnet: .1 for the underlay client, .2 for the image registry.</summary>
public static class UnderlayAddresses
{
    public static IPAddress Client(TopologySpec topology) => Nth(topology.Subnet, 1);

    public static IPAddress Registry(TopologySpec topology) => Nth(topology.Subnet, 2);

    public static IPAddress Nth(IPNetwork subnet, int n)
    {
        var bytes = subnet.BaseAddress.GetAddressBytes();
        var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) + (uint)n;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }
}
