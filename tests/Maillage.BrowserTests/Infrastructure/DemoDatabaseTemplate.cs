using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.BrowserTests.Infrastructure;

/// <summary>
/// The demo territory, migrated and seeded once per test run into a template SQLite file by the application itself (the
/// same start-up path as <c>dotnet run</c>), which each <see cref="AppFixture"/> copies: seeding a year of activity and
/// hashing the demo passwords took half a minute per test class. The data-protection key ring is created in the template
/// too, so every copy shares it and a sign-in cookie of one copy is valid in another (see BrowserTest.SignInAsync).
/// </summary>
public static class DemoDatabaseTemplate
{
    private static readonly Lazy<Task<string>> Template = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<string> PathAsync() => Template.Value;

    private static async Task<string> CreateAsync()
    {
        var dir = Directory.CreateTempSubdirectory("maillage-browser-template-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleaning.
            }
        };

        var file = Path.Combine(dir, "demo.db");
        await using (var app = new AppFixture.KestrelApp(AppFixture.Settings(file, Path.Combine(dir, "mails"), requireTwoFactorForStaff: false)))
        {
            // Starting the host migrates and seeds (Program.PrepareDatabaseAsync); protecting a value creates the key ring.
            app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("template").Protect("template");
        }

        // Close the application's pooled connections, then fold the write-ahead log into the file, so that a plain file
        // copy holds everything.
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        return file;
    }
}
