using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel.Campaigns;

/// <summary>
/// Who sees and runs which campaign: an administrator all of them; a coordinator the campaigns owned by the organizations of
/// their territory (they create them, assign the stock, attribute the devices); a structure the campaigns its organizations
/// prescribe for, and only the referrals its own organizations made.
/// </summary>
public sealed class CampaignAccess
{
    private CampaignAccess(UserScope scope, IReadOnlyList<int>? managed, IReadOnlyList<int> prescribing)
    {
        Scope = scope;
        Managed = managed;
        Prescribing = prescribing;
    }

    public UserScope Scope { get; }

    /// <summary>The organizations whose campaigns the user runs; null for all of them (administrator).</summary>
    public IReadOnlyList<int>? Managed { get; }

    /// <summary>The organizations for which the user refers people (their Structure grants).</summary>
    public IReadOnlyList<int> Prescribing { get; }

    /// <summary>Administration and coordination create campaigns and attribute devices.</summary>
    public bool CanManage => Managed is null || Scope.Has(Role.Coordinateur);

    public bool HasCampaigns => Scope.Has(Role.Administrateur, Role.Coordinateur, Role.Structure);

    public static async Task<CampaignAccess> ForAsync(AppDbContext db, UserScope scope, CancellationToken ct = default)
    {
        var prescribing = scope.Grants.Where(g => g.Role == Role.Structure && g.OrganizationId is not null).Select(g => g.OrganizationId!.Value).Distinct().ToList();
        if (scope.IsAdministrator)
        {
            return new CampaignAccess(scope, null, prescribing);
        }

        var managed = scope.Has(Role.Coordinateur)
            ? await scope.ManagedOrganizations(db.Organizations.AsNoTracking()).Select(o => o.Id).ToListAsync(ct)
            : [];
        return new CampaignAccess(scope, managed, prescribing);
    }

    public bool Manages(int organizationId) => Managed is null || Managed.Contains(organizationId);

    /// <summary>The campaigns the user runs or prescribes for.</summary>
    public IQueryable<Campaign> Campaigns(IQueryable<Campaign> source)
    {
        if (Managed is null)
        {
            return source;
        }

        var managed = Managed;
        var prescribing = Prescribing;
        return source.Where(c => managed.Contains(c.OrganizationId) || c.Prescribers.Any(p => prescribing.Contains(p.OrganizationId)));
    }

    /// <summary>The referrals the user sees: all those of the campaigns they run, and those their own organizations made.</summary>
    public IQueryable<Referral> Referrals(IQueryable<Referral> source)
    {
        if (Managed is null)
        {
            return source;
        }

        var managed = Managed;
        var prescribing = Prescribing;
        return source.Where(r => managed.Contains(r.Campaign!.OrganizationId) || prescribing.Contains(r.PrescriberOrganizationId));
    }
}
