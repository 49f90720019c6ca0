using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Activites;

/// <summary>One record as recorded, with who recorded it, and the actions its author or managers may take.</summary>
public sealed class DetailsModel(AppDbContext db, ScopeAccessor scopes, ActivityService service, Features.Accompagnements.Beneficiaires.BeneficiaryService beneficiaries) : ActivityPageModel(db, scopes)
{
    public Activity Activity { get; private set; } = null!;
    public bool CanChange { get; private set; }
    public bool CanRecord { get; private set; }
    public string AdvisorName { get; private set; } = "";
    public string OrganizationName { get; private set; } = "";
    public string? ReferralPlaceName { get; private set; }
    public string? PersonName { get; private set; }
    public IReadOnlyList<string> ParticipantNames { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (await service.FindAsync(access, id, ct) is not { } activity)
        {
            return NotFound();
        }

        Activity = activity;
        CanChange = access.CanChange(activity);
        CanRecord = access.RecordingOrganizationIds.Contains(activity.OrganizationId);
        AdvisorName = await Db.Users.Where(u => u.Id == activity.AdvisorId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "Compte supprimé";
        OrganizationName = await Db.Organizations.Where(o => o.Id == activity.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        ReferralPlaceName = activity.ReferralPlaceId is { } rp ? await Db.Places.Where(p => p.Id == rp).Select(p => p.Name).FirstOrDefaultAsync(ct) : null;

        // Names only for those who may open the organization's files (others see that there is one), and each such read is audited.
        var files = access.Beneficiaries(Db.Beneficiaries.AsNoTracking()).Where(b => b.AnonymisedAt == null);
        var ids = activity.Participants.Select(p => p.BeneficiaryId).Append(activity.BeneficiaryId ?? 0).Where(i => i != 0).ToList();
        var shown = ids.Count == 0 ? [] : await files.Where(b => ids.Contains(b.Id)).OrderBy(b => b.LastName).ToListAsync(ct);
        await beneficiaries.AuditReadsAsync(access.UserId, shown, ct);
        PersonName = shown.FirstOrDefault(b => b.Id == activity.BeneficiaryId) is { } person ? $"{person.FirstName} {person.LastName}" : null;
        ParticipantNames = [.. shown.Where(b => b.Id != activity.BeneficiaryId).Select(b => $"{b.FirstName} {b.LastName}")];
        return Page();
    }
}
