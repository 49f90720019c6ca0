using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Activites;

/// <summary>One record as recorded, with who recorded it, and the actions its author or managers may take.</summary>
public sealed class DetailsModel(AppDbContext db, ScopeAccessor scopes, ActivityService service) : ActivityPageModel(db, scopes)
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

        // Names only for those who may open the organization's files; others see that there is one.
        var files = access.Beneficiaries(Db.Beneficiaries.AsNoTracking()).Where(b => b.AnonymisedAt == null);
        if (activity.BeneficiaryId is { } person)
        {
            PersonName = await files.Where(b => b.Id == person).Select(b => b.FirstName + " " + b.LastName).FirstOrDefaultAsync(ct);
        }

        var ids = activity.Participants.Select(p => p.BeneficiaryId).ToList();
        ParticipantNames = ids.Count == 0 ? [] : await files.Where(b => ids.Contains(b.Id)).OrderBy(b => b.LastName).Select(b => b.FirstName + " " + b.LastName).ToListAsync(ct);
        return Page();
    }
}
