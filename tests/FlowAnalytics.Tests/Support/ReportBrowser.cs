using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowAnalytics.Tests.Support;

/// <summary>
/// Opens an HTML file in headless Chromium (Debian's package, installed by
/// <c>tests/browser/install-chromium.sh</c> when missing) through playwright-core
/// (<c>tests/browser/open-report.mjs</c>) and reports what the page did.
/// </summary>
internal static class ReportBrowser
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly SemaphoreSlim Install = new(1, 1);

    /// <summary>Opens <paramref name="html"/>, writes a full-page screenshot to <paramref name="png"/>.</summary>
    public static async Task<PageVisit> OpenAsync(string html, string png)
    {
        string folder = await NpmPackage.Browser.EnsureInstalledAsync();
        await EnsureChromiumAsync(folder);
        (int exit, string output, string error) = await ScriptProcess.RunAsync(folder, TimeSpan.FromMinutes(2), "node", "open-report.mjs", html, png);
        return exit == 0
            ? JsonSerializer.Deserialize<PageVisit>(output.Trim().Split('\n')[^1]) ?? throw new InvalidOperationException("open-report.mjs printed null.")
            : throw new InvalidOperationException($"open-report.mjs exited {exit}: {error}{output}");
    }

    private static async Task EnsureChromiumAsync(string folder)
    {
        await Install.WaitAsync();
        try
        {
            if (!File.Exists(ChromiumPath))
            {
                (int exit, string output, string error) = await ScriptProcess.RunAsync(folder, TimeSpan.FromMinutes(10), "bash", "install-chromium.sh");
                Assert.True(exit == 0, $"install-chromium.sh exited {exit} (it needs root or sudo and apt): {error}{output}");
            }
        }
        finally
        {
            Install.Release();
        }
    }
}

/// <summary>What open-report.mjs saw: every request, console and page errors, the number of SVG elements, and the screenshot's size and non-background pixels.</summary>
internal sealed record PageVisit(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("requests")] string[] Requests,
    [property: JsonPropertyName("consoleErrors")] string[] ConsoleErrors,
    [property: JsonPropertyName("pageErrors")] string[] PageErrors,
    [property: JsonPropertyName("svgCharts")] int SvgCharts,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("nonBackground")] long NonBackground,
    [property: JsonPropertyName("colors")] int Colors);
