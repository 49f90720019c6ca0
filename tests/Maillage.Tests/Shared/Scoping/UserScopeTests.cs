using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Maillage.Shared.Scoping;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Shared.Scoping;

/// <summary>
/// A small tree on a real database: Loire → Saint-Étienne Métropole → Saint-Étienne (with a quartier) and Saint-Chamond,
/// plus a commune whose code starts like Saint-Étienne's (4221) to catch a path prefix without its trailing slash.
/// </summary>
public sealed class ScopeWorld : IAsyncLifetime
{
    public TestDatabase Database { get; } = TestDatabase.Create();

    public Organization CityOrg { get; private set; } = null!;
    public Organization QuarterOrg { get; private set; } = null!;
    public Organization OtherCommuneOrg { get; private set; } = null!;
    public Organization LookalikeOrg { get; private set; } = null!;

    public string Admin { get; private set; } = null!;
    public string Coordinator { get; private set; } = null!;
    public string Reader { get; private set; } = null!;
    public string CityAdvisor { get; private set; } = null!;
    public string QuarterAdvisor { get; private set; } = null!;
    public string OtherCommuneAdvisor { get; private set; } = null!;
    public string TerritoryPersonOtherCommune { get; private set; } = null!;
    public string NoGrant { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        var dep = Node(TerritoryKind.Departement, "42", "Loire", null);
        var epci = Node(TerritoryKind.Epci, "244200770", "Saint-Étienne Métropole", dep);
        var city = Node(TerritoryKind.Commune, "42218", "Saint-Étienne", epci);
        var quarter = Node(TerritoryKind.Quartier, "42218-Q01", "Montreynaud", city);
        var other = Node(TerritoryKind.Commune, "42207", "Saint-Chamond", epci);
        var lookalike = Node(TerritoryKind.Commune, "4221", "Commune au code voisin", epci);
        db.Territories.AddRange(dep, epci, city, quarter, other, lookalike);
        await db.SaveChangesAsync();

        CityOrg = Org("Ville de Saint-Étienne", city, city);
        QuarterOrg = Org("Centre social de Montreynaud", city, quarter);
        OtherCommuneOrg = Org("Ville de Saint-Chamond", other, other);
        LookalikeOrg = Org("Mairie voisine", lookalike, lookalike);
        db.Organizations.AddRange(CityOrg, QuarterOrg, OtherCommuneOrg, LookalikeOrg);
        await db.SaveChangesAsync();

        Admin = User("admin", new Grant { UserId = "", Role = Role.Administrateur });
        Coordinator = User("coordination", new Grant { UserId = "", Role = Role.Coordinateur, TerritoryId = city.Id });
        Reader = User("elu", new Grant { UserId = "", Role = Role.Lecteur, TerritoryId = city.Id });
        CityAdvisor = User("conseiller-ville", new Grant { UserId = "", Role = Role.Conseiller, OrganizationId = CityOrg.Id });
        QuarterAdvisor = User("conseiller-quartier", new Grant { UserId = "", Role = Role.Conseiller, OrganizationId = QuarterOrg.Id });
        OtherCommuneAdvisor = User("conseiller-chamond", new Grant { UserId = "", Role = Role.Conseiller, OrganizationId = OtherCommuneOrg.Id });
        TerritoryPersonOtherCommune = User("coordination-chamond", new Grant { UserId = "", Role = Role.Coordinateur, TerritoryId = other.Id });
        NoGrant = User("sans-droit");
        await db.SaveChangesAsync();

        Territory Node(TerritoryKind kind, string code, string name, Territory? parent) => new()
        {
            Kind = kind,
            Code = code,
            Name = name,
            Parent = parent,
            Path = (parent?.Path ?? "/") + Territory.Segment(kind, code) + "/",
        };

        Organization Org(string name, Territory commune, Territory territory) => new()
        {
            Name = name,
            Kind = OrganizationKind.Ville,
            CommuneId = commune.Id,
            TerritoryId = territory.Id,
            CreatedAt = DateTimeOffset.UtcNow,
        };

        string User(string name, params Grant[] grants)
        {
            var user = new AppUser { UserName = $"{name}@exemple.test", Email = $"{name}@exemple.test", DisplayName = name, CreatedAt = DateTimeOffset.UtcNow };
            foreach (var grant in grants)
            {
                grant.UserId = user.Id;
                grant.GrantedAt = DateTimeOffset.UtcNow;
                user.Grants.Add(grant);
            }

            db.Users.Add(user);
            return user.Id;
        }
    }

    public async Task<(HashSet<string> Organizations, HashSet<string> Users)> VisibleToAsync(string userId)
    {
        await using var db = Database.CreateContext();
        var scope = await ScopeAccessor.ForUserAsync(db, userId);
        return await VisibleAsync(db, scope);
    }

    public static async Task<(HashSet<string> Organizations, HashSet<string> Users)> VisibleAsync(AppDbContext db, UserScope scope)
    {
        var orgs = await scope.Organizations(db.Organizations.AsNoTracking()).Select(o => o.Name).ToListAsync();
        var users = await scope.Users(db.Users.AsNoTracking()).Select(u => u.Id).ToListAsync();
        return (orgs.ToHashSet(), users.ToHashSet());
    }

    public Task DisposeAsync() => Database.DisposeAsync().AsTask();
}

[Trait("Category", "Database")]
public class UserScopeTests(ScopeWorld world) : IClassFixture<ScopeWorld>
{
    private static string[] Sorted(params string[] values) => [.. values.Order(StringComparer.Ordinal)];

    [Fact]
    public async Task AdministratorSeesEveryOrganizationAndEveryAccount()
    {
        var (orgs, users) = await world.VisibleToAsync(world.Admin);

        Assert.Equal(Sorted(world.CityOrg.Name, world.QuarterOrg.Name, world.OtherCommuneOrg.Name, world.LookalikeOrg.Name), Sorted([.. orgs]));
        await using var db = world.Database.CreateContext();
        Assert.Equal(Sorted([.. await db.Users.Select(u => u.Id).ToListAsync()]), Sorted([.. users]));
        Assert.Contains(world.NoGrant, users);
    }

    [Fact]
    public async Task CoordinatorOfACommuneSeesItsOrganizationsAndThoseOfItsQuartiersOnly()
    {
        var (orgs, _) = await world.VisibleToAsync(world.Coordinator);

        Assert.Equal(Sorted(world.CityOrg.Name, world.QuarterOrg.Name), Sorted([.. orgs]));
    }

    [Fact]
    public async Task CoordinatorOfACommuneSeesThePeopleOfItsCommuneAndQuartiersButNotOfAnotherCommune()
    {
        var (_, users) = await world.VisibleToAsync(world.Coordinator);

        Assert.Contains(world.CityAdvisor, users);
        Assert.Contains(world.QuarterAdvisor, users);
        Assert.Contains(world.Reader, users);
        Assert.Contains(world.Coordinator, users);
        Assert.DoesNotContain(world.OtherCommuneAdvisor, users);
        Assert.DoesNotContain(world.TerritoryPersonOtherCommune, users);
        Assert.DoesNotContain(world.Admin, users);
        Assert.DoesNotContain(world.NoGrant, users);
    }

    [Fact]
    public async Task LecteurSeesTheOrganizationsOfItsTerritoryButNobodyElse()
    {
        var (orgs, users) = await world.VisibleToAsync(world.Reader);

        Assert.Equal(Sorted(world.CityOrg.Name, world.QuarterOrg.Name), Sorted([.. orgs]));
        Assert.Equal([world.Reader], users);
    }

    [Fact]
    public async Task ConseillerOfOrganizationASeesAAndItsPeopleButNotOrganizationB()
    {
        var (orgs, users) = await world.VisibleToAsync(world.QuarterAdvisor);

        Assert.Equal([world.QuarterOrg.Name], orgs);
        Assert.Equal([world.QuarterAdvisor], users);

        var (otherOrgs, otherUsers) = await world.VisibleToAsync(world.CityAdvisor);
        Assert.Equal([world.CityOrg.Name], otherOrgs);
        Assert.DoesNotContain(world.QuarterAdvisor, otherUsers);
    }

    [Fact]
    public async Task AnAccountWithoutGrantStillSeesItselfAndNothingElse()
    {
        var (orgs, users) = await world.VisibleToAsync(world.NoGrant);

        Assert.Empty(orgs);
        Assert.Equal([world.NoGrant], users);
    }

    [Fact]
    public async Task NobodySeesNothing()
    {
        await using var db = world.Database.CreateContext();
        var (orgs, users) = await ScopeWorld.VisibleAsync(db, UserScope.Nobody);

        Assert.Empty(orgs);
        Assert.Empty(users);
    }

    [Fact]
    public async Task ACoordinatorManagesTheSubtreeOfItsTerritoryOnly()
    {
        await using var db = world.Database.CreateContext();
        var scope = await ScopeAccessor.ForUserAsync(db, world.Coordinator);

        Assert.True(scope.ManagesTerritoryPath("/D42/E244200770/C42218/Q42218-Q01/"));
        Assert.False(scope.ManagesTerritoryPath("/D42/E244200770/C42207/"));
        Assert.False(scope.ManagesTerritoryPath("/D42/"));
        Assert.True(scope.CanManageUsers);
    }

    [Fact]
    public async Task ADeactivatedAccountLosesTheScopeOfItsGrants()
    {
        await using var db = world.Database.CreateContext();
        var user = new AppUser { UserName = "inactif@exemple.test", Email = "inactif@exemple.test", DisplayName = "Inactif", IsActive = false, CreatedAt = DateTimeOffset.UtcNow };
        user.Grants.Add(new Grant { UserId = user.Id, Role = Role.Conseiller, OrganizationId = world.CityOrg.Id, GrantedAt = DateTimeOffset.UtcNow });
        db.Users.Add(user);
        await db.SaveChangesAsync();

        var scope = await ScopeAccessor.ForUserAsync(db, user.Id);
        var (orgs, _) = await ScopeWorld.VisibleAsync(db, scope);

        Assert.False(scope.IsAuthenticated);
        Assert.Empty(orgs);
    }
}
