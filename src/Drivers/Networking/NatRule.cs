namespace LabSpecs.Drivers.Networking;

/// <summary>
/// One rule of the nat table as <c>iptables -t nat -S</c> / <c>iptables-save -t nat</c> print it, e.g.
/// <c>-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE</c>. Fields are null when the rule does not match on them.
/// </summary>
public sealed record NatRule(
    string Chain,
    string Target,
    string? Source,
    bool SourceNegated,
    string? Destination,
    bool DestinationNegated,
    string? Protocol,
    string? DPort,
    string? ToDestination,
    string? InInterface,
    bool InInterfaceNegated,
    string? OutInterface,
    bool OutInterfaceNegated,
    string Text)
{
    public override string ToString() => Text;
}

/// <summary>The nat table: its chains and rules, with questions the labs ask of it.</summary>
public sealed record NatTable(IReadOnlyList<string> Chains, IReadOnlyList<NatRule> Rules)
{
    public IEnumerable<NatRule> InChain(string chain) => Rules.Where(r => r.Chain == chain);

    /// <summary>Docker's SNAT for a bridge: <c>-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE</c>.</summary>
    public bool HasMasquerade(string source, string? notOutInterface = null) =>
        Rules.Any(r => r.Chain == "POSTROUTING" && r.Target == "MASQUERADE" && r.Source == NormalizeCidr(source) && !r.SourceNegated &&
                       (notOutInterface is null || (r.OutInterface == notOutInterface && r.OutInterfaceNegated)));

    /// <summary>Docker's port publishing: <c>-A DOCKER ! -i docker0 -p tcp -m tcp --dport 80 -j DNAT --to-destination 172.17.0.2:80</c>.</summary>
    public NatRule? DnatFor(int hostPort, string protocol = "tcp") =>
        Rules.FirstOrDefault(r => r.Target == "DNAT" && r.DPort == hostPort.ToString() && r.Protocol == protocol);

    public override string ToString() => string.Join('\n', Rules.Select(r => r.Text));

    /// <summary>iptables prints host addresses as /32; accept "172.17.0.2" for "172.17.0.2/32".</summary>
    internal static string NormalizeCidr(string address) => address.Contains('/') ? address : address + "/32";
}
