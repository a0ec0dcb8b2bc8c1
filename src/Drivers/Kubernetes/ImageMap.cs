using LabSpecs.Core;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>
/// The images the Kubernetes chapter uses, and what a user replaces them with: a file named by <see cref="Variable"/>, one
/// line per image, <c>ORIGINAL = REPLACEMENT</c> (blank lines and <c># comments</c> allowed), e.g.
/// <c>xiaopeng163/docker-flask-demo:1.0 = registry.lab:5000/flask-demo:1.0</c>. The map applies to the manifests a scenario
/// creates, to the commands it types (<c>kubectl set image … web=IMAGE</c>) and to the images its checks expect.
/// </summary>
public sealed class ImageMap
{
    public const string Variable = "LABSPECS_K8S_IMAGES";

    private readonly Dictionary<string, string> _overrides;

    private ImageMap(Dictionary<string, string> overrides, string? file)
    {
        _overrides = overrides;
        File = file;
    }

    public static ImageMap None { get; } = new([], null);

    /// <summary>The file the overrides came from (null: none).</summary>
    public string? File { get; }

    public IReadOnlyDictionary<string, string> Overrides => _overrides;

    /// <summary>The map of the file <see cref="Variable"/> names, or <see cref="None"/>; a file that does not exist or has a bad line fails, naming it.</summary>
    public static ImageMap FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } file) return None;
        if (!System.IO.File.Exists(file)) throw new LabSpecsException($"{Variable}={file}: no such file (one line per image: ORIGINAL = REPLACEMENT)");
        return Parse(System.IO.File.ReadAllText(file), file);
    }

    public static ImageMap Parse(string text, string file)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r", "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var (from, to) = eq < 0 ? ("", "") : (line[..eq].Trim(), line[(eq + 1)..].Trim());
            if (from.Length == 0 || to.Length == 0 || from.Contains(' ', StringComparison.Ordinal) || to.Contains(' ', StringComparison.Ordinal))
            {
                throw new LabSpecsException($"{file}:{i + 1}: expected ORIGINAL = REPLACEMENT (one image each side), got: {line}");
            }

            overrides[from] = to;
        }

        return new ImageMap(overrides, file);
    }

    /// <summary>The images a chapter lists (its images.txt: one a line, # comments), mapped.</summary>
    public IReadOnlyList<string> ChapterImages(string listFile) =>
        System.IO.File.ReadAllLines(listFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(Map).ToList();

    public string Map(string image) => _overrides.TryGetValue(image, out var to) ? to : image;

    /// <summary>A typed command with each image in it replaced: a word that is an image, or NAME=IMAGE (kubectl set image).</summary>
    public string MapCommand(string typed)
    {
        if (_overrides.Count == 0) return typed;
        var words = ShellWords.Split(typed).Select(w =>
        {
            var eq = w.IndexOf('=', StringComparison.Ordinal);
            return _overrides.ContainsKey(w) ? Map(w) : eq > 0 && _overrides.ContainsKey(w[(eq + 1)..]) ? w[..(eq + 1)] + Map(w[(eq + 1)..]) : w;
        });
        return string.Join(' ', words.Select(LocalProcess.Quote));
    }
}
