using System.Net.Http.Headers;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maillage.Tests.Infrastructure;

/// <summary>
/// The application in memory, on its own database copied from the migrated template (see <see cref="TestDatabase.CreateMigrated"/>), sending mail
/// to the test SMTP server. One per test class (IClassFixture); tests inside use unique names and e-mails.
/// </summary>
public class MaillageFactory : WebApplicationFactory<Program>
{
    public const string SigningKey = "cle-de-test-uniquement-0123456789abcdefghijklmnop";
    public const string DepartementCode = "42";
    public const string SaintEtienne = "42218";
    public const string SaintChamond = "42207";

    /// <summary>
    /// Security:PasswordHashIterations in tests: Identity's hasher, 1 000 rounds instead of 100 000 (0.2 s of CPU a hash on
    /// a 2-core machine, hundreds of accounts a run). Production refuses less than the default; see AccountsSetup.
    /// </summary>
    public const string PasswordHashIterations = "1000";

    private readonly Dictionary<string, string?> _settings;
    private readonly SemaphoreSlim _territoriesLock = new(1, 1);
    private bool _territoriesImported;
    private bool _started;

    public MaillageFactory()
    {
        Database = TestDatabase.CreateMigrated();
        var smtp = TestSmtpServer.Instance;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Database.ProviderName,
            ["ConnectionStrings:Default"] = Database.ConnectionString,
            ["Database:MigrateAtStartup"] = "true",
            ["Demo:Enabled"] = "false",
            // Tests run the daily lending job by hand, at the moment they choose.
            ["Materiel:DailyJob:Enabled"] = "false",
            ["Security:SigningKey"] = SigningKey,
            ["Security:PasswordHashIterations"] = PasswordHashIterations,
            ["Security:RequireTwoFactorForStaff"] = "false",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
        };
    }

    public TestDatabase Database { get; }

    /// <summary>Overrides one configuration value; only before the application starts.</summary>
    public MaillageFactory WithSetting(string key, string? value)
    {
        if (_started)
        {
            throw new InvalidOperationException("Settings must be changed before the first client or service is requested.");
        }

        _settings[key] = value;
        return this;
    }

    /// <summary>Security:RequireTwoFactorForStaff (false by default in tests).</summary>
    public bool RequireTwoFactorForStaff
    {
        get => bool.Parse(_settings["Security:RequireTwoFactorForStaff"]!);
        set => WithSetting("Security:RequireTwoFactorForStaff", value ? "true" : "false");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _started = true;
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            // Host settings reach the application before Program reads its configuration.
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    /// <summary>A client whose requests carry the given API token.</summary>
    public HttpClient CreateApiClient(string? token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Signs in through the /connexion form; pass a client from <see cref="CreateBrowserClient"/> so the cookies are kept.</summary>
    public Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) => Forms.LoginAsync(client, email, password);

    /// <summary>A client that keeps cookies and does not follow redirects, for pages and forms.</summary>
    public HttpClient CreateBrowserClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Runs <paramref name="action"/> with a scoped DbContext of the running application.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task WithScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    /// <summary>Imports département 42 (Loire) once for this factory.</summary>
    public async Task EnsureTerritoriesAsync()
    {
        await _territoriesLock.WaitAsync();
        try
        {
            if (_territoriesImported)
            {
                return;
            }

            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TerritoryImporter>().ImportAsync([DepartementCode]);
            _territoriesImported = true;
        }
        finally
        {
            _territoriesLock.Release();
        }
    }

    public Task<Territory> TerritoryAsync(string code) =>
        WithDbAsync(db => db.Territories.AsNoTracking().SingleAsync(t => t.Code == code));

    /// <summary>Adds a quartier under a commune (territories imported first).</summary>
    public async Task<Territory> CreateQuarterAsync(string communeCode, string? name = null)
    {
        await EnsureTerritoriesAsync();
        return await WithDbAsync(async db =>
        {
            var commune = await db.Territories.SingleAsync(t => t.Kind == TerritoryKind.Commune && t.Code == communeCode);
            var quarter = await Quarters.AddAsync(db, commune, name ?? $"Quartier {Guid.NewGuid():N}", isPriorityArea: false);
            await db.SaveChangesAsync();
            return quarter;
        });
    }

    /// <summary>Creates an organization in a commune (or one of its quartiers); its name is unique unless given.</summary>
    public async Task<Organization> CreateOrganizationAsync(string? name = null, string communeCode = SaintEtienne, int? quarterId = null, OrganizationKind kind = OrganizationKind.Association)
    {
        await EnsureTerritoriesAsync();
        return await WithDbAsync(async db =>
        {
            var commune = await db.Territories.SingleAsync(t => t.Kind == TerritoryKind.Commune && t.Code == communeCode);
            var org = new Organization
            {
                Name = name ?? $"Structure {Guid.NewGuid():N}",
                Kind = kind,
                Siret = TestData.NewSiret(),
                CommuneId = commune.Id,
                TerritoryId = quarterId ?? commune.Id,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Organizations.Add(org);
            await db.SaveChangesAsync();
            return org;
        });
    }

    /// <summary>Creates a published place of the network in a commune, held by an organization when given.</summary>
    public async Task<Maillage.Features.Lieux.Place> CreatePlaceAsync(int? organizationId = null, string communeCode = SaintEtienne, string? name = null)
    {
        await EnsureTerritoriesAsync();
        return await WithDbAsync(async db =>
        {
            var commune = await db.Territories.SingleAsync(t => t.Kind == TerritoryKind.Commune && t.Code == communeCode);
            var now = DateTimeOffset.UtcNow;
            var place = new Maillage.Features.Lieux.Place
            {
                ImportSource = Maillage.Features.Lieux.Place.OwnSource,
                SourceId = Guid.NewGuid().ToString(),
                Name = name ?? $"Lieu {Guid.NewGuid():N}",
                Pivot = TestData.NewSiret(),
                CommuneName = commune.Name,
                PostalCode = commune.PostalCodes!.Split(',')[0],
                InseeCode = commune.Code,
                CommuneId = commune.Id,
                Address = "1 rue de la Paix",
                OrganizationId = organizationId,
                Latitude = 45.43,
                Longitude = 4.39,
                Kind = Maillage.Features.Lieux.PlaceKind.EpnQuartier,
                UpdatedOn = new DateOnly(2026, 1, 1),
                CreatedAt = now,
                ModifiedAt = now,
            };
            db.Places.Add(place);
            await db.SaveChangesAsync();
            return place;
        });
    }

    /// <summary>Creates an active, confirmed account with a known password and one grant, on a territory (by code) or an organization.</summary>
    public async Task<AppUser> CreateUserAsync(string email, string password, Role role, string? territoryCode = null, int? organizationId = null, string? displayName = null)
    {
        if (territoryCode is not null)
        {
            await EnsureTerritoriesAsync();
        }

        await using var scope = Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName ?? email, CreatedAt = DateTimeOffset.UtcNow };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("User creation failed: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        int? territoryId = territoryCode is null ? null : await db.Territories.Where(t => t.Code == territoryCode).Select(t => t.Id).SingleAsync();
        db.Grants.Add(new Grant { UserId = user.Id, Role = role, TerritoryId = territoryId, OrganizationId = organizationId, GrantedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>Creates an API client through <see cref="ApiClients.CreateAsync"/> and returns its token.</summary>
    public async Task<string> CreateApiClientAsync(Role role, string? territoryCode = null, int? organizationId = null, string? name = null)
    {
        if (territoryCode is not null)
        {
            await EnsureTerritoriesAsync();
        }

        await using var scope = Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var (_, token, error) = await ApiClients.CreateAsync(
            sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<TimeProvider>(),
            name ?? $"Client {role} {Guid.NewGuid():N}", role.ToString(), territoryCode, organizationId);
        return token ?? throw new InvalidOperationException("API client creation failed: " + error);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Database.Dispose();
            _territoriesLock.Dispose();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
