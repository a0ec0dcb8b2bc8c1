using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using LabSpecs.Core;
using LabSpecs.Runner;

namespace LabSpecs.Cli;

/// <summary>
/// The labs' test assembly (LabSpecs.Specs.dll: bindings, hooks, drivers) loaded into this process, so the CLI runs scenarios
/// on Reqnroll's runtime itself (<see cref="ScenarioExecutor"/>) instead of starting <c>dotnet test</c>. It is loaded from its
/// own build folder, where labspecs.dll is copied too (the Specs project references the CLI): a CLI started elsewhere starts
/// that copy with the same arguments, so every assembly, reqnroll.json and the reaper come from one folder.
/// </summary>
internal static class SpecsAssembly
{
    public const string FileName = "LabSpecs.Specs.dll";

    /// <summary>Whether this process runs from the test assembly's folder (else <see cref="RunThereAsync"/>).</summary>
    public static bool IsHere => File.Exists(Path.Combine(AppContext.BaseDirectory, FileName));

    public static Assembly Load()
    {
        var folder = AppContext.BaseDirectory;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            Path.Combine(folder, name.Name + ".dll") is var file && File.Exists(file) ? context.LoadFromAssemblyPath(file) : null;
        // Reqnroll reads reqnroll.json from the working directory; relative paths were resolved before this
        Directory.SetCurrentDirectory(folder);
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(folder, FileName));
    }

    /// <summary>Runs labspecs.dll of the test assembly's build folder with <paramref name="args"/>; its exit code.</summary>
    public static async Task<int> RunThereAsync(string[] args, CancellationToken ct)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug"; // bin/<configuration>/net10.0
        var root = RunnerPaths.RepositoryRoot(AppContext.BaseDirectory);
        var cli = Path.Combine(root, "src", "StepDefinitions", "bin", configuration, "net10.0", "labspecs.dll");
        if (!File.Exists(cli))
        {
            throw new LabSpecsException($"{cli} is missing: build the labs first (dotnet build, or dotnet pwsh ./run.ps1 build)");
        }

        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        psi.ArgumentList.Add(cli);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var child = Process.Start(psi) ?? throw new LabSpecsException("could not start dotnet");
        // Ctrl-C reaches the child too (same terminal); a SIGTERM to this process is passed on, so the child cleans up
        await using var _ = ct.Register(() => Signal(child.Id, "TERM"));
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
            c => { c.Cancel = true; Signal(child.Id, "TERM"); });
        await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return child.ExitCode;
    }

    private static void Signal(int pid, string signal)
    {
        try
        {
            using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill?.WaitForExit(2000);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // the child already ended
        }
    }

    /// <summary>
    /// <c>labspecs check [--category TAG]...</c>: the dry run's binding check of the selected features, in-process, before a run
    /// boots anything (run.ps1 run calls it): each problem as file:line with "did you mean"; exit 1 when a step is not bound.
    /// </summary>
    public static async Task<int> CheckAsync(string[] args, CancellationToken ct)
    {
        if (!IsHere) return await RunThereAsync(["check", .. args], ct).ConfigureAwait(false);
        var categories = args.Where((a, i) => i > 0 && args[i - 1] == "--category").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var features = RunnerPaths.FeaturesDirectory(AppContext.BaseDirectory);
        var specs = Load();
        var scenarios = FeatureCatalog.Load(features).SelectMany(f => f.Scenarios)
            .Where(s => categories.Count == 0 || s.Categories.Any(categories.Contains)).ToList();
        // a test run in Reqnroll's dry-run mode (no hook runs), started and ended, so nothing waits for its end at exit
        Environment.SetEnvironmentVariable(DryRun.Variable, "true");
        await TestRun.StartAsync(specs).ConfigureAwait(false);
        IReadOnlyList<StepBindingProblem> problems;
        try
        {
            problems = await StepBindings.CheckAsync(scenarios, specs).ConfigureAwait(false);
        }
        finally
        {
            await TestRun.EndAsync(specs).ConfigureAwait(false);
        }

        if (problems.Count == 0)
        {
            Console.WriteLine($"labspecs: every step of {scenarios.Count} scenario(s) is bound");
            return 0;
        }

        Console.WriteLine(DryRun.Describe(problems));
        Console.WriteLine("Nothing ran and no environment was started. Fix the words (docs/step-catalog.md lists every step) and run again.");
        return 1;
    }
}
