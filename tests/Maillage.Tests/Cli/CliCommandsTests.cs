using Maillage.Cli;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Security;
using Maillage.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

using static Maillage.Tests.Infrastructure.CliRunner;

namespace Maillage.Tests.Cli;

/// <summary>
/// The verbs on a database of their own: in-process through the binary's entry point (CliCommands.RunAsync) with
/// settings of their own, and as the real binary in a child process (dotnet Maillage.dll …) where only a process proves
/// the point: environment variables, a password piped on standard input, help without starting the server.
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

        var migrate = await RunBinaryAsync(_database, ["migrate"]);
        var create = await RunBinaryAsync(_database, ["create-admin", "--email", email, "--name", "Camille Admin"], stdin: password + "\n");

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

        var first = await RunBinaryAsync(_database, ["migrate"], environment: configured);
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
                ["Security__PasswordHashIterations"] = null,
            });

            Assert.True(result.ExitCode != 0, result.ToString());
            Assert.Contains("Security:SigningKey", result.Output + result.Error);
        }
    }

    [Fact]
    public async Task ProductionRefusesDemoData()
    {
        var production = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production", ["Security__PasswordHashIterations"] = null };

        var seed = await RunAsync(["seed-demo"], environment: production);
        var enabled = await RunAsync(["migrate"], environment: new Dictionary<string, string?>(production) { ["Demo__Enabled"] = "true" });

        Assert.Equal(2, seed.ExitCode);
        Assert.Contains("refusé en production", seed.Error);
        Assert.True(enabled.ExitCode != 0, enabled.ToString());
        Assert.Contains("Demo:Enabled", enabled.Output + enabled.Error);
    }

    [Fact]
    public async Task PasswordsAreHashedWithTheConfiguredWorkFactorAndIdentitysDefaultOtherwise()
    {
        Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);
        var lowered = TestData.NewEmail("admin");
        var standard = TestData.NewEmail("admin");

        var first = await RunAsync(["create-admin", "--email", lowered], stdin: "Un-mot-de-passe-solide-2026\n");
        var second = await RunAsync(["create-admin", "--email", standard], stdin: "Un-mot-de-passe-solide-2026\n",
            environment: new Dictionary<string, string?> { ["Security__PasswordHashIterations"] = null });

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first + "\n" + second);
        await using var db = _database.CreateContext();
        Assert.Equal(int.Parse(MaillageFactory.PasswordHashIterations, System.Globalization.CultureInfo.InvariantCulture), Iterations(await db.Users.SingleAsync(u => u.Email == lowered)));
        Assert.Equal(AccountsSetup.DefaultPasswordHashIterations, Iterations(await db.Users.SingleAsync(u => u.Email == standard)));
    }

    [Fact]
    public async Task ProductionRefusesAWorkFactorBelowTheDefault()
    {
        Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);
        var production = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production" };

        var weakened = await RunAsync(["migrate"], environment: production);
        var standard = await RunAsync(["migrate"], environment: new Dictionary<string, string?>(production) { ["Security__PasswordHashIterations"] = null });

        Assert.True(weakened.ExitCode != 0, weakened.ToString());
        Assert.Contains("Security:PasswordHashIterations vaut 1000", weakened.Output + weakened.Error);
        Assert.True(standard.ExitCode == 0, standard.ToString());
    }

    // Identity's v3 format: 0x01, PRF, iteration count, salt length (big-endian 32-bit integers), salt, subkey.
    private static int Iterations(AppUser user) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Convert.FromBase64String(user.PasswordHash!).AsSpan(5, 4));

    [Fact]
    public async Task HelpListsEveryVerb()
    {
        using var output = new StringWriter();

        var exit = await CliCommands.RunAsync(["--help"], new CliContext { Output = output, Input = new StringReader("") });

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
        var result = await RunBinaryAsync(_database, ["help"]);

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

    private Task<CliResult> RunAsync(string[] args, string? stdin = null, IReadOnlyDictionary<string, string?>? environment = null) =>
        CliRunner.RunAsync(_database, args, stdin, environment);
}
