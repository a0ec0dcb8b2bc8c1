namespace LabSpecs.Environments;

/// <summary>Which topology a lab runs on: the first of its tags (with or without '@') that names a topology of the environment file.</summary>
public static class TopologyTags
{
    public static TopologySpec? Find(IReadOnlyDictionary<string, TopologySpec> topologies, IEnumerable<string> tags) =>
        tags.Select(t => topologies.GetValueOrDefault(t.TrimStart('@'))).FirstOrDefault(t => t is not null);
}
