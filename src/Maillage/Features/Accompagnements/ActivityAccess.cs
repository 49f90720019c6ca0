using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Accompagnements;

/// <summary>
/// Who may record, read, change activity records and named beneficiary files, resolved once per request from the grants.
/// The one place these rules live (pages, API, exports, statistics):
/// <list type="bullet">
/// <item>Conseiller: records for the organizations of their Conseiller grants; reads and changes their own records.</item>
/// <item>Structure: reads and changes the records of its organization (it is that organization's coordinator).</item>
/// <item>Coordinateur: reads and changes the records of the organizations in their territory.</item>
/// <item>Administrateur: every record. Lecteur: aggregates only, never a record.</item>
/// <item>Named files: only the advisors and the Structure accounts of the organization holding the file; territory
/// coordinators, readers and administrators see aggregates only.</item>
/// </list>
/// </summary>
public sealed class ActivityAccess
{
    private ActivityAccess(UserScope scope, IReadOnlyList<int> recording, IReadOnlyList<int>? managed, IReadOnlyList<int>? aggregate, IReadOnlyList<int> beneficiaryOrgs)
    {
        Scope = scope;
        RecordingOrganizationIds = recording;
        ManagedOrganizationIds = managed;
        AggregateOrganizationIds = aggregate;
        BeneficiaryOrganizationIds = beneficiaryOrgs;
    }

    public UserScope Scope { get; }

    public string? UserId => Scope.UserId;

    /// <summary>Organizations the user records activities for (their Conseiller grants), first one the default.</summary>
    public IReadOnlyList<int> RecordingOrganizationIds { get; }

    /// <summary>Organizations whose every record the user reads and changes; null means all (administrator).</summary>
    public IReadOnlyList<int>? ManagedOrganizationIds { get; }

    /// <summary>Organizations whose figures the user sees (statistics with an advisor filter); null means all.</summary>
    public IReadOnlyList<int>? AggregateOrganizationIds { get; }

    /// <summary>Organizations whose named beneficiary files the user opens.</summary>
    public IReadOnlyList<int> BeneficiaryOrganizationIds { get; }

    public bool CanRecord => RecordingOrganizationIds.Count > 0;

    /// <summary>True when the user reads records of others (Structure, Coordinateur, Administrateur).</summary>
    public bool ReadsOthers => ManagedOrganizationIds is null || ManagedOrganizationIds.Count > 0;

    public bool CanSeeStatistics => CanRecord || Scope.Has(Role.Administrateur, Role.Coordinateur, Role.Structure, Role.Lecteur);

    public bool CanOpenBeneficiaries => BeneficiaryOrganizationIds.Count > 0;

    public static async Task<ActivityAccess> ForAsync(AppDbContext db, UserScope scope, CancellationToken ct = default)
    {
        var recording = scope.Grants.Where(g => g.Role == Role.Conseiller && g.OrganizationId is not null).Select(g => g.OrganizationId!.Value).Distinct().ToList();
        var structures = scope.Grants.Where(g => g.Role == Role.Structure && g.OrganizationId is not null).Select(g => g.OrganizationId!.Value).Distinct().ToList();

        List<int>? managed = null;
        List<int>? aggregate = null;
        if (!scope.IsAdministrator)
        {
            var coordinated = await OrganizationsUnderAsync(db, scope.Grants.Where(g => g.Role == Role.Coordinateur).Select(g => g.TerritoryPath), ct);
            var read = await OrganizationsUnderAsync(db, scope.Grants.Where(g => g.Role == Role.Lecteur).Select(g => g.TerritoryPath), ct);
            managed = [.. structures.Union(coordinated)];
            aggregate = [.. managed.Union(read).Union(recording)];
        }

        return new ActivityAccess(scope, recording, managed, aggregate, [.. recording.Union(structures)]);
    }

    /// <summary>Records the user may read (not deleted): their own, and those of the organizations they manage.</summary>
    public IQueryable<Activity> Readable(IQueryable<Activity> source)
    {
        var live = source.Where(a => a.DeletedAt == null);
        if (ManagedOrganizationIds is null)
        {
            return live;
        }

        var self = UserId ?? "";
        var ids = ManagedOrganizationIds;
        return ids.Count == 0 ? live.Where(a => a.AdvisorId == self) : live.Where(a => a.AdvisorId == self || ids.Contains(a.OrganizationId));
    }

    /// <summary>Author, the organization's Structure accounts, its territory's coordinators and administrators change a record.</summary>
    public bool CanChange(Activity activity) =>
        activity.DeletedAt is null && ((UserId is not null && activity.AdvisorId == UserId) || ManagedOrganizationIds is null || ManagedOrganizationIds.Contains(activity.OrganizationId));

    /// <summary>Records counted in the user's figures for one organization view (null: every organization they may see).</summary>
    public IQueryable<Activity> Aggregated(IQueryable<Activity> source)
    {
        var live = source.Where(a => a.DeletedAt == null);
        if (AggregateOrganizationIds is null)
        {
            return live;
        }

        var ids = AggregateOrganizationIds;
        return live.Where(a => ids.Contains(a.OrganizationId));
    }

    /// <summary>Named files the user may open: those of the organizations where they are advisor or Structure.</summary>
    public IQueryable<Beneficiary> Beneficiaries(IQueryable<Beneficiary> source)
    {
        var ids = BeneficiaryOrganizationIds;
        return source.Where(b => ids.Contains(b.OrganizationId));
    }

    public bool CanOpen(Beneficiary beneficiary) => BeneficiaryOrganizationIds.Contains(beneficiary.OrganizationId);

    private static async Task<List<int>> OrganizationsUnderAsync(AppDbContext db, IEnumerable<string?> paths, CancellationToken ct)
    {
        var result = new List<int>();
        foreach (var path in paths.OfType<string>().Distinct())
        {
            result.AddRange(await db.Organizations.AsNoTracking().Where(o => o.Territory!.Path.StartsWith(path)).Select(o => o.Id).ToListAsync(ct));
        }

        return [.. result.Distinct()];
    }
}
