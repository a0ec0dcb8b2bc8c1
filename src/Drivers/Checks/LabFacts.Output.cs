using LabSpecs.Core;
using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Drivers.Docker;

namespace LabSpecs.Drivers.Checks;

// Checks of what a command printed that must not pass on unrelated output: a whole line, a whole cell, a whole key/value
// pair, an address that is really the answer (issue 21 item 5: `contains "/"` passed on any path, `contains "80/tcp"` on a
// published port, `the command fails` when curl was missing, a regex on nslookup matched the resolver's own address).
public static partial class LabFacts
{
    /// <summary>One line of <paramref name="output"/>, leading and trailing spaces aside, is exactly <paramref name="line"/> (what <c>pwd</c> prints).</summary>
    public static void HasLine(string output, string line, string what)
    {
        if (!Lines(output).Contains(line.Trim()))
        {
            throw new LabFactException($"{what} should have printed the line \"{line}\"; it printed:\n{output.TrimEnd()}");
        }
    }

    /// <summary>
    /// A line of <c>docker service inspect --pretty</c> (or any "Key: value" / "Key = value" listing) reads
    /// <paramref name="expected"/>, runs of spaces and tabs counting as one space: "Replicas: 1" is not found in "Replicas: 12",
    /// nor "PublishedPort = 80" in "PublishedPort = 8080".
    /// </summary>
    public static string ShowsLine(string output, string expected, string what)
    {
        var want = Squeeze(expected);
        return Lines(output).Select(Squeeze).FirstOrDefault(l => l == want)
               ?? throw new LabFactException($"{what} should show \"{want}\"; it shows:\n{output.TrimEnd()}");
    }

    /// <summary>
    /// The command ran and failed: a non-zero exit code other than 126/127, which the shell uses for a command it could not
    /// run (not found, not executable) — "curl: not found" is no answer to "is the port reachable?".
    /// </summary>
    public static void Failed(ExecResult result)
    {
        if (result.Succeeded) throw new LabFactException($"`{result.Command}` should have failed; it succeeded:\n{result.ToTranscript()}");
        if (result.ExitCode is 126 or 127)
        {
            throw new LabFactException(
                $"`{result.Command}` should have failed on its own, but it did not run (exit code {result.ExitCode}: command not found or not executable):\n{result.ToTranscript()}");
        }
    }

    /// <summary>
    /// The row of container <paramref name="name"/> in a <c>docker ps</c> table lists exactly the ports <paramref name="ports"/>
    /// ("80/tcp": exposed, not published; "0.0.0.0:32768->80/tcp" would be another port).
    /// </summary>
    public static TableRow ContainerPorts(string dockerPsOutput, string name, string ports)
    {
        var row = CliTable.Parse(dockerPsOutput).FirstOrDefault(r => r["NAMES"].Split(',').Contains(name))
                  ?? throw new LabFactException($"docker ps lists no container {name}:\n{dockerPsOutput}");
        var shown = Items(row["PORTS"]);
        var expected = Items(ports);
        if (!shown.SetEquals(expected))
        {
            throw new LabFactException($"The container {name} should show the ports \"{ports}\"; its PORTS are \"{row["PORTS"]}\":\n{dockerPsOutput}");
        }

        return row;
    }

    /// <summary>
    /// A PORTS cell of <c>docker ps</c> (<c>0.0.0.0:5000->80/tcp, :::5000->80/tcp</c>) has the item <paramref name="port"/>
    /// itself, not only a string that contains it (<c>0.0.0.0:5000->80/tcp</c> is not in <c>0.0.0.0:15000->80/tcp</c>).
    /// </summary>
    public static void PortsInclude(string portsCell, string port, string what)
    {
        if (!Items(portsCell).Contains(port.Trim()))
        {
            throw new LabFactException($"{what} should publish \"{port}\"; its ports are \"{portsCell}\"");
        }
    }

    /// <summary>
    /// A name lookup inside a container (<c>getent hosts NAME</c> or busybox <c>nslookup NAME</c>) answered with one of
    /// <paramref name="addresses"/> (the addresses of what the name stands for); the resolver's own address is no answer.
    /// Returns the answers.
    /// </summary>
    public static IReadOnlyList<string> ResolvesTo(ExecResult lookup, string name, IReadOnlyCollection<string> addresses)
    {
        var answers = Nslookup.Addresses(lookup.Stdout, name);
        if (!lookup.Succeeded || answers.Count == 0)
        {
            throw new LabFactException($"{name} should resolve to {Join(addresses)}; the lookup found no address:\n{lookup.ToTranscript()}");
        }

        if (!answers.Any(addresses.Contains))
        {
            throw new LabFactException($"{name} should resolve to {Join(addresses)}; it resolved to {string.Join(", ", answers)}:\n{lookup.ToTranscript()}");
        }

        return answers;
    }

    /// <summary>
    /// Where a default bridge's <c>docker network inspect</c> names no gateway (Docker 20.10 on a daemon's first start) while the
    /// handbook's transcript shows <paramref name="expected"/>: the note for the report, else null.
    /// </summary>
    public static string? GatewayDifference(NetworkDetails network, string subnet, string expected) =>
        network.Ipam.FirstOrDefault(c => c.Subnet == subnet) is { } pool && string.IsNullOrEmpty(pool.Gateway)
            ? $"docker network inspect {network.Name} names no Gateway for {subnet}; the handbook's transcript shows \"Gateway\": \"{expected}\" (the Linux bridge holds it)"
            : null;

    /// <summary>
    /// Where compose named the project's containers other than the handbook's docker-compose 1.x (<c>project_service_1</c>;
    /// compose v2 names them <c>project-service-1</c>): the note for the report, else null. The steps find containers by their
    /// labels, so the checks hold either way.
    /// </summary>
    public static string? ComposeNamesDifference(IReadOnlyList<LabSpecs.Drivers.Compose.ComposeContainer> containers, string project)
    {
        var other = containers.Where(c => c.Name != c.HandbookName(project)).ToList();
        return other.Count == 0 ? null
            : $"compose named the containers {string.Join(", ", other.Select(c => c.Name))}; the handbook's docker-compose 1.x names them {string.Join(", ", other.Select(c => c.HandbookName(project)))}";
    }

    /// <summary>How many events an engine keeps in memory for <c>docker events --since</c> (moby daemon/events: eventsLimit).</summary>
    public const int EngineEventBuffer = 256;

    /// <summary>
    /// On a fresh engine (its events since it started show no network created before <paramref name="network"/>), the
    /// network has the handbook's values: the first user-defined bridge gets 172.18.0.0/16 and 172.18.0.1, the /16 after
    /// docker0's. An engine that made networks before allocates the next free /16 after its last one (20.10 does not reuse
    /// a released pool at once), so there the values are not the handbook's and are not checked. Returns what was seen.
    /// </summary>
    public static (string Seen, bool Checked) HandbookValuesOnAFreshEngine(NetworkDetails network, string events, string subnet, string gateway)
    {
        var lines = events.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var created = lines.Where(l => l.StartsWith("network create ", StringComparison.Ordinal)).Select(l => l["network create ".Length..]).ToList();
        var seen = $"docker network inspect {network.Name}: {string.Join(", ", network.Ipam.Select(c => $"subnet {c.Subnet}, gateway {(string.IsNullOrEmpty(c.Gateway) ? "(none named)" : c.Gateway)}"))}";
        if (lines.Length >= EngineEventBuffer)
        {
            return ($"not checked: the engine holds {lines.Length} events, its whole buffer, so whether {network.Name} is its first network cannot be told; {seen}", false);
        }

        if (created.Count != 1 || created[0] != network.Name)
        {
            return ($"not checked: the engine is not fresh, it created {created.Count} network(s) since it started ({string.Join(", ", created)}); {seen}", false);
        }

        var pool = network.Ipam.Count == 1 ? network.Ipam[0] : null;
        if (pool is null || pool.Subnet != subnet || (!string.IsNullOrEmpty(pool.Gateway) && pool.Gateway.Split('/')[0] != gateway))
        {
            throw new LabFactException($"{network.Name} is the first network of a fresh engine, so it should have the subnet {subnet} and the gateway {gateway}; {seen}");
        }

        return ($"{network.Name} is the engine's first network: {seen}", true);
    }

    private static string Join(IReadOnlyCollection<string> addresses) => addresses.Count == 0 ? "(no address known)" : string.Join(" or ", addresses);

    private static HashSet<string> Items(string cell) =>
        cell.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    private static List<string> Lines(string output) =>
        output.Replace("\r", "").Split('\n').Select(l => l.Trim()).ToList();

    private static string Squeeze(string s) =>
        string.Join(' ', s.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
