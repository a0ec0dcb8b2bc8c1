using LabSpecs.Drivers.DockerCommands;

namespace LabSpecs.Drivers.Swarm;

/// <summary>A row of <c>docker node ls</c>.</summary>
public sealed record SwarmNode(string Id, bool Self, string Hostname, string Status, string Availability, string ManagerStatus)
{
    public bool IsReady => Status == "Ready";

    public static IReadOnlyList<SwarmNode> ParseList(string output) =>
        CliTable.Parse(output).Select(r =>
        {
            var id = r["ID"];
            var self = id.EndsWith('*');
            return new SwarmNode(id.TrimEnd('*', ' '), self, r["HOSTNAME"], r["STATUS"], r["AVAILABILITY"],
                r.TryGetValue("MANAGER STATUS", out var m) ? m : "");
        }).ToList();
}

/// <summary>A row of <c>docker service ps</c>: one task (replica) of a service and the node it was scheduled on.</summary>
public sealed record ServiceTask(string Id, string Name, string Image, string Node, string DesiredState, string CurrentState, string Error)
{
    /// <summary>Rows shown as "\_ web.1" are earlier tasks of the same slot (replaced or shut down).</summary>
    public bool IsHistory => Name.StartsWith(@"\_", StringComparison.Ordinal);

    public bool IsRunning => DesiredState == "Running" && CurrentState.StartsWith("Running", StringComparison.Ordinal);

    public static IReadOnlyList<ServiceTask> ParseList(string output) =>
        CliTable.Parse(output).Select(r => new ServiceTask(r["ID"], r["NAME"], r["IMAGE"], r["NODE"],
            r["DESIRED STATE"], r["CURRENT STATE"], r.TryGetValue("ERROR", out var e) ? e : "")).ToList();
}
