using LabSpecs.Core;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>A kubectl command the reader typed and what it printed, read as kubectl's tables (the checks use these, never raw output).</summary>
public sealed record KubectlRun(ExecResult Result)
{
    public IReadOnlyList<CreatedObject> Created => KubectlOutput.Created(Result.Stdout);

    public IReadOnlyList<NodeRow> Nodes => KubectlOutput.Nodes(Result.EnsureSuccess().Stdout);

    public IReadOnlyList<PodRow> Pods => KubectlOutput.Pods(Result.EnsureSuccess().Stdout);

    public IReadOnlyList<ServiceRow> Services => KubectlOutput.Services(Result.EnsureSuccess().Stdout);

    /// <summary>The command and its output, for a failure's message.</summary>
    public string Shown => $"`{Result.Command}` printed:\n{Result.Stdout}{Result.Stderr}";

    public PodRow? Pod(string name) => Pods.SingleOrDefault(p => p.Name == name);

    /// <summary>The services this run of <c>kubectl create</c> made (their names must resolve before requests use them).</summary>
    public IEnumerable<string> ServicesCreated => Created.Where(o => o.Kind is "service" or "services" && o.Verb == "created").Select(o => o.Name);
}
