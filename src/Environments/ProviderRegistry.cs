using System.Reflection;
using LabSpecs.Core;

namespace LabSpecs.Environments;

/// <summary>Marks a class as an environment provider; <see cref="ProviderRegistry"/> finds it by scanning loaded assemblies.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LabEnvironmentProviderAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>False for providers whose hosts come from elsewhere (a cluster's nodes): the file then needs no subnet and hosts.</summary>
    public bool HostsInFile { get; init; } = true;
}

/// <summary>
/// Providers register themselves: every class with <see cref="LabEnvironmentProviderAttribute"/> in a loaded LabSpecs assembly
/// is available by its name. Adding a provider never edits a switch.
/// </summary>
public static class ProviderRegistry
{
    private static readonly Lazy<IReadOnlyDictionary<string, Type>> Types = new(Scan);

    public static IReadOnlyCollection<string> Names => Types.Value.Keys.Order(StringComparer.Ordinal).ToList();

    public static bool IsKnown(string name) => Types.Value.ContainsKey(name);

    /// <summary>Whether topologies of this provider list their hosts (and subnet) in the environment file.</summary>
    public static bool HostsInFile(string name) =>
        !Types.Value.TryGetValue(name, out var type) || type.GetCustomAttribute<LabEnvironmentProviderAttribute>()!.HostsInFile;

    public static ILabEnvironmentProvider Create(string name) =>
        Types.Value.TryGetValue(name, out var type)
            ? (ILabEnvironmentProvider)Activator.CreateInstance(type)!
            : throw new LabSpecsException($"Unknown environment provider '{name}'; valid: {string.Join(", ", Names)}");

    private static IReadOnlyDictionary<string, Type> Scan()
    {
        var found = new Dictionary<string, Type>(StringComparer.Ordinal);
        var assemblies = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("LabSpecs", StringComparison.Ordinal) == true)
            .Append(typeof(ProviderRegistry).Assembly).Distinct();
        foreach (var type in assemblies.SelectMany(SafeTypes))
        {
            if (type.GetCustomAttribute<LabEnvironmentProviderAttribute>() is { } a && typeof(ILabEnvironmentProvider).IsAssignableFrom(type))
            {
                found[a.Name] = type;
            }
        }

        return found;
    }

    private static IEnumerable<Type> SafeTypes(Assembly a)
    {
        try { return a.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }
}
