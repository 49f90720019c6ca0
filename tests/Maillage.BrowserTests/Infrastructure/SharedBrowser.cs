using Microsoft.Playwright;

namespace Maillage.BrowserTests.Infrastructure;

/// <summary>
/// One Playwright driver and one headless system Chromium for the whole test run: starting them costs seconds, a browser
/// context costs milliseconds, and every test gets its own context (cookies, storage and cache of its own). If Chromium
/// ever goes away mid-run, the next context request starts a new one.
/// </summary>
/// <remarks>
/// The browser is Debian's Chromium, never a download: its headless shell (package chromium-headless-shell, the same engine
/// without the desktop browser around it, which is also what Playwright runs headless by default) when installed, else
/// /usr/bin/chromium; MAILLAGE_CHROMIUM names another binary. The shell took two thirds of the time of the full browser in
/// new-headless mode on the whole suite (docs/decisions/0006-suite-de-tests-rapide.md).
/// </remarks>
public static class SharedBrowser
{
    private const string HeadlessShell = "/usr/lib/chromium/chromium-headless-shell";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static async Task<IBrowser> GetAsync()
    {
        if (_browser is { IsConnected: true } ready)
        {
            return ready;
        }

        await Gate.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true } started)
            {
                return started;
            }

            if (_playwright is null)
            {
                _playwright = await Playwright.CreateAsync();
                // The driver is a child process: stopping it at the end of the run takes Chromium with it.
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _playwright.Dispose();
            }

            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath(),
                Headless = true,
                Args = ChromiumArgs,
            });
            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static string ExecutablePath()
    {
        var chosen = Environment.GetEnvironmentVariable("MAILLAGE_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            return chosen;
        }

        return File.Exists(HeadlessShell) ? HeadlessShell : "/usr/bin/chromium";
    }
}
