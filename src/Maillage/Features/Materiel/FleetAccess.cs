using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

/// <summary>
/// Who sees and manages which part of the fleet: an administrator all of it; a coordinator the items of the organizations of
/// their territory; a structure its own organizations' items. Everyone else has no fleet (the API and pages answer 403/404).
/// </summary>
public sealed class FleetAccess
{
    private FleetAccess(UserScope scope, IReadOnlyList<int>? organizationIds)
    {
        Scope = scope;
        OrganizationIds = organizationIds;
    }

    public UserScope Scope { get; }

    /// <summary>The organizations whose items the user manages; null for all of them (administrator).</summary>
    public IReadOnlyList<int>? OrganizationIds { get; }

    /// <summary>Administration, coordination and structures use the fleet pages (perhaps an empty fleet); advisors and readers do not.</summary>
    public bool HasFleet => Scope.Has(Role.Administrateur, Role.Coordinateur, Role.Structure);

    public static async Task<FleetAccess> ForAsync(AppDbContext db, UserScope scope, CancellationToken ct = default)
    {
        if (scope.IsAdministrator)
        {
            return new FleetAccess(scope, null);
        }

        var managed = await scope.ManagedOrganizations(db.Organizations.AsNoTracking()).Select(o => o.Id).ToListAsync(ct);
        var own = scope.Grants.Where(g => g.Role == Role.Structure && g.OrganizationId is not null).Select(g => g.OrganizationId!.Value);
        return new FleetAccess(scope, [.. managed.Concat(own).Distinct()]);
    }

    public IQueryable<Item> Items(IQueryable<Item> source)
    {
        var ids = OrganizationIds;
        return ids is null ? source : source.Where(i => ids.Contains(i.OrganizationId));
    }

    public IQueryable<Kit> Kits(IQueryable<Kit> source)
    {
        var ids = OrganizationIds;
        return ids is null ? source : source.Where(k => ids.Contains(k.OrganizationId));
    }

    public bool CanSee(Item item) => OrganizationIds is null || OrganizationIds.Contains(item.OrganizationId);
}
