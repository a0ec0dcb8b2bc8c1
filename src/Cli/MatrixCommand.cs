using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Runner;
using LabSpecs.Site;

namespace LabSpecs.Cli;

/// <summary>
/// <c>labspecs matrix --engines 20.10,26,latest [--verb run|nightly] [--category C] [--filter F]</c> (behind
/// <c>run.ps1 matrix -Engines …</c> and <c>run.ps1 nightly -Engines …</c>): the labs once per engine, each engine's run with
/// <c>LABSPECS_ENGINE</c> set and its messages in its own reports folder (<c>reports/engines/ENGINE/</c>), then one site from
/// all of them with the lab × engine page (<see cref="EngineMatrix"/>). Exits 0 only when every engine's run did.
/// </summary>
internal static class MatrixCommand
{
    public const string Usage = "labspecs matrix --engines E1,E2[,...] [--verb run|nightly] [--category C] [--filter F] [--out DIR]";

    /// <summary>One engine's lab run may take long (a nightly of every lab with reruns); the matrix waits this long per engine.</summary>
    private static readonly TimeSpan PerEngine = TimeSpan.FromHours(2);

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var engines = new List<string>();
        var verb = "run";
        var passOn = new List<string>();
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new LabSpecsException($"matrix: {args[i]} needs a value ({Usage})");
            switch (args[i])
            {
                case "--engines": engines.AddRange(Value().Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "--verb":
                    verb = Value();
                    if (verb is not ("run" or "nightly")) throw new LabSpecsException($"matrix: --verb {verb}: valid are run and nightly");
                    break;
                case "--category": passOn.AddRange(["-Category", Value()]); break;
                case "--filter": passOn.AddRange(["-Filter", Value()]); break;
                case "--out": output = Path.GetFullPath(Value()); break;
                default: throw new LabSpecsException($"matrix: unknown option {args[i]} ({Usage})");
            }
        }

        if (engines.Distinct().Count() < 2) throw new LabSpecsException($"matrix: name at least two engines ({Usage})");
        var root = RunnerPaths.RepositoryRoot(AppContext.BaseDirectory);
        var reports = Environment.GetEnvironmentVariable(RunnerPaths.ReportsVariable) is { Length: > 0 } r ? Path.GetFullPath(r) : Path.Combine(root, "reports");
        var exitCodes = new List<(string Engine, string Reports, int Code)>();
        foreach (var engine in engines.Distinct())
        {
            var dir = Path.Combine(reports, "engines", engine);
            Console.WriteLine($"==> matrix: the labs on engine {engine} (messages in {dir})");
            var env = new Dictionary<string, string?> { ["LABSPECS_ENGINE"] = engine, [RunnerPaths.ReportsVariable] = dir };
            var code = await LocalProcess.RunAttachedAsync("dotnet", ["pwsh", "-NoProfile", "-File", Path.Combine(root, "run.ps1"), verb, "-NoBuild", .. passOn],
                PerEngine, env, ct).ConfigureAwait(false);
            exitCodes.Add((engine, dir, code));
        }

        var messages = exitCodes.Where(e => Directory.Exists(e.Reports))
            .SelectMany(e => Directory.EnumerateFiles(e.Reports, "*.ndjson", SearchOption.AllDirectories).Order(StringComparer.Ordinal)).ToList();
        var site = SiteGenerator.Generate(new SiteOptions(messages, Environment.GetEnvironmentVariable(RunnerPaths.FeaturesVariable) is { Length: > 0 } f ? Path.GetFullPath(f) : Path.Combine(root, "features"),
            EnvironmentFile.DefaultPath(), output ?? Path.Combine(reports, "site")));
        Console.WriteLine($"Site: {site.IndexPath}; labs × engines: {Path.Combine(Path.GetDirectoryName(site.IndexPath)!, EngineMatrix.PageName)}" +
            (site.Matrix is null ? " (not written: the runs' messages name fewer than two engines)" : ""));
        foreach (var e in site.Matrix?.Engines ?? [])
        {
            var scenarios = e.Labs.SelectMany(l => l.Scenarios).ToList();
            Console.WriteLine($"  {e.Engine}: " + string.Join(", ", Enum.GetValues<Outcome>().Where(o => scenarios.Any(s => s.Outcome == o))
                .Select(o => $"{scenarios.Count(s => s.Outcome == o)} {Html.OutcomeWord(o)}")));
        }

        foreach (var (engine, _, code) in exitCodes) Console.WriteLine($"  engine {engine}: run.ps1 {verb} exited {code}");
        return exitCodes.All(e => e.Code == 0) && site.Matrix is not null ? 0 : 1;
    }
}
