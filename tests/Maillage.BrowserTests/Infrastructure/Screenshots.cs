using Microsoft.Playwright;

namespace Maillage.BrowserTests.Infrastructure;

/// <summary>
/// Full-page screenshots under $MAILLAGE_SCREENSHOTS_DIR, or bin/…/screenshots beside the test assembly: always those of a
/// failed test; those that tests take for a person to look at (<see cref="SaveAsync"/>) only when MAILLAGE_SCREENSHOTS=all,
/// since a full-page capture costs a second of a busy core and nobody reads them on a green run.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = Resolve();

    /// <summary>Whether the screenshots of passing journeys are kept (MAILLAGE_SCREENSHOTS=all).</summary>
    public static bool KeepAll { get; } = string.Equals(Environment.GetEnvironmentVariable("MAILLAGE_SCREENSHOTS"), "all", StringComparison.OrdinalIgnoreCase);

    /// <summary>A screenshot for review, kept when MAILLAGE_SCREENSHOTS=all.</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        if (KeepAll)
        {
            await SaveFailureAsync(page, name);
        }
    }

    /// <summary>A screenshot of a page as the test failed on it; returns its path.</summary>
    public static async Task<string> SaveFailureAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, Sanitize(name) + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Removes the failure screenshots an earlier run left for a test that now passes.</summary>
    public static void DeleteFailures(string testName)
    {
        var name = "FAILED-" + Sanitize(testName);
        var files = System.IO.Directory.EnumerateFiles(Directory, name + ".png").Concat(System.IO.Directory.EnumerateFiles(Directory, name + "-page*.png"));
        foreach (var file in files.ToList())
        {
            File.Delete(file);
        }
    }

    private static string Resolve()
    {
        var dir = Environment.GetEnvironmentVariable("MAILLAGE_SCREENSHOTS_DIR");
        if (string.IsNullOrWhiteSpace(dir))
        {
            dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        }

        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Sanitize(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
