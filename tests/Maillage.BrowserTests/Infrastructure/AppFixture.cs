using System.Globalization;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Maillage.BrowserTests.Infrastructure;

/// <summary>
/// The real application on Kestrel (loopback, free port) on its own SQLite file, copied from the demo territory that
/// <see cref="DemoDatabaseTemplate"/> migrated and seeded once for the run, and the run's one Chromium
/// (<see cref="SharedBrowser"/>). One per test class (IClassFixture): a test that changes data changes only its class's
/// copy, and tests inside a class open their own browser context and use unique e-mails, so they never depend on each other.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    public const string SigningKey = "cle-de-test-navigateur-0123456789abcdefgh";

    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "maillage-browser-" + Guid.NewGuid().ToString("N"));
    private KestrelApp? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the application drops .eml files when no SMTP server is configured.</summary>
    public string PickupDirectory => Path.Combine(_workDir, "mails");

    public IServiceProvider Services => _app!.Services;

    /// <summary>Security:RequireTwoFactorForStaff for this application.</summary>
    public virtual bool RequireTwoFactorForStaff => false;

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_workDir);
        var database = Path.Combine(_workDir, "maillage.db");
        File.Copy(await DemoDatabaseTemplate.PathAsync(), database);

        _app = new KestrelApp(Settings(database, PickupDirectory, RequireTwoFactorForStaff));
        _app.UseKestrel(0);
        _app.StartServer();
        BaseAddress = _app.ClientOptions.BaseAddress;
        Browser = await SharedBrowser.GetAsync();
    }

    /// <summary>The application's settings on <paramref name="database"/>: demo on, real SMTP server when test.sh runs one.</summary>
    internal static Dictionary<string, string?> Settings(string database, string pickupDirectory, bool requireTwoFactorForStaff)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Default"] = $"Data Source={database}",
            ["Database:MigrateAtStartup"] = "true",
            ["Demo:Enabled"] = "true",
            ["Security:SigningKey"] = SigningKey,
            // Identity's hasher with 1 000 rounds instead of 100 000, as in Maillage.Tests (MaillageFactory.PasswordHashIterations).
            ["Security:PasswordHashIterations"] = "1000",
            ["Security:RequireTwoFactorForStaff"] = requireTwoFactorForStaff ? "true" : "false",
            ["RateLimiting:AuthenticationPerMinute"] = "1000",
            ["RateLimiting:PublicPerMinute"] = "1000",
            ["Smtp:PickupDirectory"] = pickupDirectory,
            ["PublicUrl"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Maillage.Requests"] = "Warning",
        };

        if (TestMailbox.SmtpPort is { } port)
        {
            settings["Smtp:Host"] = "127.0.0.1";
            settings["Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture);
            settings["Smtp:Security"] = "None";
        }
        else
        {
            settings["Smtp:Host"] = "";
        }

        return settings;
    }

    /// <summary>A fresh, cookie-less browser context (French, desktop size unless given).</summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900)
    {
        var context = await (await SharedBrowser.GetAsync()).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        await Accessibility.AddToEveryDocumentAsync(context);
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(20_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing handle: the temp directory is cleaned by the system.
        }
    }

    internal sealed class KestrelApp(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                // Host settings reach the application before Program reads its configuration.
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        }
    }
}

/// <summary>The same application with two-factor authentication required for administrators and coordinators.</summary>
public sealed class TwoFactorAppFixture : AppFixture
{
    public override bool RequireTwoFactorForStaff => true;
}
