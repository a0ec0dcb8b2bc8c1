using YamlDotNet.RepresentationModel;

namespace LabSpecs.Environments;

/// <summary>
/// The one set of checks over the nodes of a YAML file a user writes (environments/*.yml, a LabSpecs or Ansible YAML
/// inventory): each failure is an <see cref="EnvironmentFileException"/> naming the file, the line (and the column where
/// <paramref name="columns"/>: the environment file's messages have them, the inventory's name the line only) and what would be valid.
/// </summary>
public sealed class YamlFile(string file, bool columns = true)
{
    public string Path => file;

    public EnvironmentFileException Error(YamlNode node, string problem) =>
        new(file, node.Start.Line, problem, columns ? node.Start.Column : 0);

    /// <summary>Every key of <paramref name="node"/> is one of <paramref name="valid"/>; else the first other one fails with the valid ones.</summary>
    public void CheckKeys(YamlMappingNode node, IReadOnlyCollection<string> valid, string where)
    {
        foreach (var key in node.Children.Keys)
        {
            var k = (key as YamlScalarNode)?.Value ?? "";
            if (!valid.Contains(k)) throw Error(key, $"unknown key '{k}' in {where}; valid: {string.Join(", ", valid)}");
        }
    }

    public static YamlNode? Optional(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    public YamlNode Required(YamlMappingNode node, string key) => Optional(node, key) ?? throw Error(node, $"missing key '{key}'");

    public YamlMappingNode Mapping(YamlNode node, string problem) => node as YamlMappingNode ?? throw Error(node, problem);

    public string Scalar(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { Length: > 0 } v } ? v : throw Error(node, $"'{what}' must be a plain value");
}
