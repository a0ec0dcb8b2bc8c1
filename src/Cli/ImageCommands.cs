namespace LabSpecs.Cli;

internal static class ImageCommands
{
    public static Task<int> BuildAsync(bool force, CancellationToken ct)
    {
        _ = force; _ = ct;
        Console.Error.WriteLine("labspecs: image catalog not built yet");
        return Task.FromResult(1);
    }

    public static int List() => 0;
}
