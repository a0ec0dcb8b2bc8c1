using System.Text.RegularExpressions;
using LabSpecs.Core;

namespace LabSpecs.UnitTests.Runner;

/// <summary>Debian's Chromium, headless and with no network chatter, to see a report page as a reader would.</summary>
internal static partial class HeadlessBrowser
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly string[] QuietFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--virtual-time-budget=10000",
    ];

    /// <summary>The text a reader sees once the page's scripts have rendered it (scripts and styles removed).</summary>
    public static async Task<string> RenderedTextAsync(string htmlPath)
    {
        var profile = Directory.CreateTempSubdirectory("labspecs-chromium-");
        try
        {
            var result = await LocalProcess.RunAsync(Executable,
                [.. QuietFlags, $"--user-data-dir={profile.FullName}", "--dump-dom", new Uri(htmlPath).AbsoluteUri],
                TimeSpan.FromSeconds(90));
            result.EnsureSuccess();
            var body = ScriptOrStyle().Replace(result.Stdout, "");
            return Tag().Replace(body, "\n");
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    /// <summary>A PNG of the page, for a person to look at (kept under artifacts/).</summary>
    public static async Task ScreenshotAsync(string htmlPath, string pngPath)
    {
        var profile = Directory.CreateTempSubdirectory("labspecs-chromium-");
        try
        {
            (await LocalProcess.RunAsync(Executable,
                [.. QuietFlags, $"--user-data-dir={profile.FullName}", "--window-size=1280,1600", $"--screenshot={pngPath}", new Uri(htmlPath).AbsoluteUri],
                TimeSpan.FromSeconds(90))).EnsureSuccess();
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    [GeneratedRegex("<(script|style)\\b.*?</\\1>", RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
