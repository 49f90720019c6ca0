using System.Diagnostics;
using System.Reflection;
using Maillage.Cli;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Security;
using Maillage.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Cli;

/// <summary>
/// The verbs run as the real binary in a child process (dotnet Maillage.dll …), configured by environment variables
/// for that process only, on a database of their own.
/// </summary>
[Trait("Category", "Database")]
public sealed class CliCommandsTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task MigrateThenCreateAdminWithThePasswordOnStandardInputCreatesAWorkingAdministrator()
    {
        var email = TestData.NewEmail("admin");
        const string password = "Un-mot-de-passe-solide-2026";

        var migrate = await RunAsync(["migrate"]);
        var create = await RunAsync(["create-admin", "--email", email, "--name", "Camille Admin"], stdin: password + "\n");

        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("migration(s) appliquée(s)", migrate.Output);
        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Contains($"Compte administrateur créé : {email}", create.Output);
        Assert.DoesNotContain(password, create.Output);

        await using var db = _database.CreateContext();
        var user = await db.Users.Include(u => u.Grants).SingleAsync(u => u.Email == email);
        Assert.Equal("Camille Admin", user.DisplayName);
        Assert.Equal(Role.Administrateur, Assert.Single(user.Grants).Role);
        Assert.NotEqual(PasswordVerificationResult.Failed, new PasswordHasher<AppUser>().VerifyHashedPassword(user, user.PasswordHash!, password));
        Assert.Single(await db.AuditEntries.Where(a => a.Action == AuditActions.UserCreated && a.TargetId == user.Id).ToListAsync());
    }

    [Fact]
    public async Task MigrateLoadsTheConfiguredDepartementsAndRunningItAgainChangesNothing()
    {
        var configured = new Dictionary<string, string?> { ["Territoires__Departements__0"] = "42" };

        var first = await RunAsync(["migrate"], environment: configured);
        var second = await RunAsync(["migrate"], environment: configured);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Territoires (42)", first.Output);
        Assert.Contains("0 créé(s), 0 mis à jour", second.Output);
        await using var db = _database.CreateContext();
        var city = await db.Territories.SingleAsync(t => t.Code == "42218");
        Assert.Equal("Saint-Étienne", city.Name);
    }

    [Fact]
    public async Task CreateAdminRefusesAnAddressAlreadyTaken()
    {
        var email = TestData.NewEmail("admin");
        await RunAsync(["migrate"]);
        var first = await RunAsync(["create-admin", "--email", email], stdin: "Un-mot-de-passe-solide-2026\n");

        var second = await RunAsync(["create-admin", "--email", email], stdin: "Un-autre-mot-de-passe-2026\n");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains($"Un compte existe déjà avec l'adresse {email}.", second.Error);
    }

    [Fact]
    public async Task CreateApiClientPrintsItsTokenOnceAndTheDatabaseKeepsOnlyItsHash()
    {
        var name = $"Tableau de bord {Guid.NewGuid():N}";
        Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);
        var import = await RunAsync(["import-territories", "--departements", "42"]);
        Assert.True(import.ExitCode == 0, import.ToString());

        var result = await RunAsync(["create-api-client", "--name", name, "--role", "Lecteur", "--territory", "42218"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var tokens = result.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Jeton (affiché une seule fois) : ", StringComparison.Ordinal)).ToList();
        var token = Assert.Single(tokens)["Jeton (affiché une seule fois) : ".Length..];
        Assert.StartsWith(ApiClients.TokenPrefix, token);
        Assert.Equal(1, CountOccurrences(result.Output, token));

        await using var db = _database.CreateContext();
        var client = await db.ApiClients.Include(c => c.Territory).SingleAsync(c => c.Name == name);
        Assert.Equal(Role.Lecteur, client.Role);
        Assert.Equal("42218", client.Territory!.Code);
        Assert.Equal(SecretTokens.Hash(token), client.TokenHash);
        Assert.False(await db.ApiClients.AnyAsync(c => c.TokenHash == token || c.TokenPrefix == token));
    }

    [Fact]
    public async Task CreateApiClientWithAnUnknownRoleFailsWithAFrenchMessage()
    {
        Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);

        var result = await RunAsync(["create-api-client", "--name", "Essai", "--role", "Inconnu", "--territory", "42218"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Rôle « Inconnu » inconnu", result.Error);
        await using var db = _database.CreateContext();
        Assert.False(await db.ApiClients.AnyAsync());
    }

    [Fact]
    public async Task ImportTerritoriesWithAnUnknownDepartementFailsWithAFrenchMessage()
    {
        Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);

        var result = await RunAsync(["import-territories", "--departements", "99"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Département(s) inconnu(s) : 99", result.Error);
    }

    [Fact]
    public async Task ProductionRefusesToStartWithoutASigningKeyOrWithTheDevelopmentOne()
    {
        foreach (var key in new[] { "", Maillage.Shared.Web.WebSetup.DevelopmentSigningKey })
        {
            var result = await RunAsync(["migrate"], environment: new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["Security__SigningKey"] = key,
            });

            Assert.True(result.ExitCode != 0, result.ToString());
            Assert.Contains("Security:SigningKey", result.Output + result.Error);
        }
    }

    [Fact]
    public async Task ProductionRefusesDemoData()
    {
        var production = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production" };

        var seed = await RunAsync(["seed-demo"], environment: production);
        var enabled = await RunAsync(["migrate"], environment: new Dictionary<string, string?>(production) { ["Demo__Enabled"] = "true" });

        Assert.Equal(2, seed.ExitCode);
        Assert.Contains("refusé en production", seed.Error);
        Assert.True(enabled.ExitCode != 0, enabled.ToString());
        Assert.Contains("Demo:Enabled", enabled.Output + enabled.Error);
    }

    [Fact]
    public async Task HelpListsEveryVerb()
    {
        using var output = new StringWriter();

        var exit = await CliCommands.RunAsync(["--help"], output, new StringReader(""));

        Assert.Equal(0, exit);
        var help = output.ToString();
        foreach (var verb in new[] { "migrate", "seed-demo", "create-admin", "create-api-client", "import-territories" })
        {
            Assert.Contains(verb, help);
        }
    }

    [Fact]
    public async Task TheBinaryAnswersHelpWithoutStartingTheServer()
    {
        var result = await RunAsync(["help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("create-api-client", result.Output);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private sealed record CliResult(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    private async Task<CliResult> RunAsync(string[] args, string? stdin = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var app = AppBinary();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only this child's environment: nothing leaks into the other tests of the process.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Database__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Smtp__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Database__Provider"] = _database.ProviderName;
        start.Environment["ConnectionStrings__Default"] = _database.ConnectionString;
        start.Environment["Security__SigningKey"] = MaillageFactory.SigningKey;
        start.Environment["Demo__Enabled"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"maillage {string.Join(' ', args)} did not finish within 2 minutes.");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The application's own build output (src/Maillage/bin/&lt;Configuration&gt;/net10.0/Maillage.dll), with its appsettings.json.</summary>
    private static string AppBinary()
    {
        var configuration = typeof(CliCommandsTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Maillage.slnx not found above " + AppContext.BaseDirectory);
        }

        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var app = Path.Combine(dir.FullName, "src", "Maillage", "bin", configuration, framework, "Maillage.dll");
        return File.Exists(app) ? app : throw new FileNotFoundException("Build the application first (dotnet build Maillage.slnx).", app);
    }
}
