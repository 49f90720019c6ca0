using System.Linq.Expressions;
using Maillage.Features.Comptes;
using Maillage.Features.Structures;

namespace Maillage.Shared.Scoping;

/// <summary>One grant resolved for scoping: a role on a territory subtree (by path) or on one organization.</summary>
public sealed record ScopeGrant(Role Role, string? TerritoryPath, int? OrganizationId);

/// <summary>
/// What a user (or API client) may see, built once from their grants. Every query that returns people or
/// records goes through it, so the rule lives in one place:
/// - Administrateur: the whole deployment;
/// - Coordinateur on a territory node: the organizations and people of that subtree;
/// - Lecteur on a territory node: the organizations of that subtree, aggregated data only (no people);
/// - Conseiller or Structure on an organization: that organization and its people.
/// </summary>
public sealed class UserScope
{
    public static readonly UserScope Nobody = new(null, []);

    public UserScope(string? userId, IReadOnlyList<ScopeGrant> grants)
    {
        UserId = userId;
        Grants = grants;
        IsAdministrator = grants.Any(g => g.Role == Role.Administrateur);
        Roles = grants.Select(g => g.Role).ToHashSet();
    }

    public string? UserId { get; }
    public IReadOnlyList<ScopeGrant> Grants { get; }
    public bool IsAdministrator { get; }
    public IReadOnlySet<Role> Roles { get; }
    public bool IsAuthenticated => Grants.Count > 0;

    /// <summary>Territory paths where the user sees records (all roles bound to a territory).</summary>
    public IEnumerable<string> TerritoryPaths => Grants.Where(g => g.TerritoryPath is not null).Select(g => g.TerritoryPath!).Distinct();

    /// <summary>Territory paths where the user sees people: Lecteur grants give aggregates only.</summary>
    public IEnumerable<string> PeopleTerritoryPaths => Grants.Where(g => g.TerritoryPath is not null && g.Role != Role.Lecteur).Select(g => g.TerritoryPath!).Distinct();

    public IEnumerable<int> OrganizationIds => Grants.Where(g => g.OrganizationId is not null).Select(g => g.OrganizationId!.Value).Distinct();

    public bool Has(params Role[] roles) => roles.Any(Roles.Contains);

    /// <summary>True when the user may manage accounts somewhere (administrators and coordinators).</summary>
    public bool CanManageUsers => Has(Role.Administrateur, Role.Coordinateur);

    public bool CoversTerritoryPath(string path) =>
        IsAdministrator || TerritoryPaths.Any(p => path.StartsWith(p, StringComparison.Ordinal));

    /// <summary>True when the user manages (as administrator or coordinator) the given territory path.</summary>
    public bool ManagesTerritoryPath(string path) =>
        IsAdministrator || Grants.Any(g => g.Role == Role.Coordinateur && g.TerritoryPath is not null && path.StartsWith(g.TerritoryPath, StringComparison.Ordinal));

    public IQueryable<Organization> Organizations(IQueryable<Organization> source) =>
        IsAdministrator ? source : source.Where(OrganizationPredicate(TerritoryPaths, OrganizationIds));

    /// <summary>Organizations where the user may manage people (invite, change grants).</summary>
    public IQueryable<Organization> ManagedOrganizations(IQueryable<Organization> source)
    {
        if (IsAdministrator)
        {
            return source;
        }

        var coordinatorPaths = Grants.Where(g => g.Role == Role.Coordinateur && g.TerritoryPath is not null).Select(g => g.TerritoryPath!);
        return source.Where(OrganizationPredicate(coordinatorPaths, []));
    }

    /// <summary>Territory nodes the user manages (administrator: all; coordinator: their subtrees).</summary>
    public IQueryable<Features.Territoires.Territory> ManagedTerritories(IQueryable<Features.Territoires.Territory> source)
    {
        if (IsAdministrator)
        {
            return source;
        }

        var t = Expression.Parameter(typeof(Features.Territoires.Territory), "t");
        Expression body = Expression.Constant(false);
        foreach (var path in Grants.Where(g => g.Role == Role.Coordinateur && g.TerritoryPath is not null).Select(g => g.TerritoryPath!).Distinct())
        {
            body = Expression.OrElse(body, StartsWith(Expression.Property(t, nameof(Features.Territoires.Territory.Path)), path));
        }

        return source.Where(Expression.Lambda<Func<Features.Territoires.Territory, bool>>(body, t));
    }

    /// <summary>True when the user may manage places somewhere (back office: administrators, coordinators, structures).</summary>
    public bool CanManagePlaces => Has(Role.Administrateur, Role.Coordinateur, Role.Structure);

    /// <summary>
    /// Places the user may edit in the back office: administrator, all; coordinator, places whose commune or owning
    /// organization lies in their subtree; Structure, the places its organization owns.
    /// </summary>
    public IQueryable<Features.Lieux.Place> ManagedPlaces(IQueryable<Features.Lieux.Place> source)
    {
        if (IsAdministrator)
        {
            return source;
        }

        var p = Expression.Parameter(typeof(Features.Lieux.Place), "p");
        Expression body = Expression.Constant(false);
        var ids = Grants.Where(g => g.Role == Role.Structure && g.OrganizationId is not null).Select(g => g.OrganizationId!.Value).Distinct().ToList();
        var placeOrgId = Expression.Property(p, nameof(Features.Lieux.Place.OrganizationId));
        foreach (var id in ids)
        {
            body = Expression.OrElse(body, Expression.Equal(placeOrgId, Expression.Constant(id, typeof(int?))));
        }

        var communePath = Expression.Property(Expression.Property(p, nameof(Features.Lieux.Place.Commune)), nameof(Features.Territoires.Territory.Path));
        var orgPath = Expression.Property(Expression.Property(Expression.Property(p, nameof(Features.Lieux.Place.Organization)), nameof(Organization.Territory)), nameof(Features.Territoires.Territory.Path));
        foreach (var path in Grants.Where(g => g.Role == Role.Coordinateur && g.TerritoryPath is not null).Select(g => g.TerritoryPath!).Distinct())
        {
            body = Expression.OrElse(body, StartsWith(communePath, path));
            body = Expression.OrElse(body, StartsWith(orgPath, path));
        }

        return source.Where(Expression.Lambda<Func<Features.Lieux.Place, bool>>(body, p));
    }

    /// <summary>Staff accounts visible to the user: those holding a grant inside the user's people scope, and the user themself.</summary>
    public IQueryable<AppUser> Users(IQueryable<AppUser> source)
    {
        if (IsAdministrator)
        {
            return source;
        }

        var grantPredicate = GrantPredicate(PeopleTerritoryPaths, Grants.Where(g => g.Role != Role.Lecteur && g.OrganizationId is not null).Select(g => g.OrganizationId!.Value));
        var self = UserId ?? "";
        return source.Where(u => u.Id == self || u.Grants.AsQueryable().Any(grantPredicate));
    }

    private static Expression<Func<Organization, bool>> OrganizationPredicate(IEnumerable<string> paths, IEnumerable<int> organizationIds)
    {
        var o = Expression.Parameter(typeof(Organization), "o");
        var ids = organizationIds.ToList();
        Expression body = Expression.Constant(false);
        if (ids.Count > 0)
        {
            body = Expression.OrElse(body, Expression.Call(Expression.Constant(ids), typeof(List<int>).GetMethod(nameof(List<int>.Contains))!, Expression.Property(o, nameof(Organization.Id))));
        }

        var territoryPath = Expression.Property(Expression.Property(o, nameof(Organization.Territory)), nameof(Features.Territoires.Territory.Path));
        foreach (var path in paths.Distinct())
        {
            body = Expression.OrElse(body, StartsWith(territoryPath, path));
        }

        return Expression.Lambda<Func<Organization, bool>>(body, o);
    }

    private static Expression<Func<Grant, bool>> GrantPredicate(IEnumerable<string> paths, IEnumerable<int> organizationIds)
    {
        var g = Expression.Parameter(typeof(Grant), "g");
        var ids = organizationIds.Distinct().ToList();
        Expression body = Expression.Constant(false);
        var grantOrgId = Expression.Property(g, nameof(Grant.OrganizationId));
        foreach (var id in ids)
        {
            body = Expression.OrElse(body, Expression.Equal(grantOrgId, Expression.Constant(id, typeof(int?))));
        }

        var grantTerritoryPath = Expression.Property(Expression.Property(g, nameof(Grant.Territory)), nameof(Features.Territoires.Territory.Path));
        var orgTerritoryPath = Expression.Property(Expression.Property(Expression.Property(g, nameof(Grant.Organization)), nameof(Organization.Territory)), nameof(Features.Territoires.Territory.Path));
        foreach (var path in paths.Distinct())
        {
            body = Expression.OrElse(body, StartsWith(grantTerritoryPath, path));
            body = Expression.OrElse(body, StartsWith(orgTerritoryPath, path));
        }

        return Expression.Lambda<Func<Grant, bool>>(body, g);
    }

    private static MethodCallExpression StartsWith(Expression member, string prefix) =>
        Expression.Call(member, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!, Expression.Constant(prefix));
}
