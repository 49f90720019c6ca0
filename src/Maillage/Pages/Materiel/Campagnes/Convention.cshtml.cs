using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Features.Materiel.Campaigns;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Campagnes;

/// <summary>/materiel/campagnes/orientations/{id}/convention: the agreement to print and sign (loan or donation), one A4 page.</summary>
public sealed class ConventionModel(AppDbContext db, ScopeAccessor scopes, CampaignService campaigns) : CampaignPage(db, scopes)
{
    public Referral Referral { get; private set; } = null!;
    public string Owner { get; private set; } = "";
    public List<string> Accessories { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var referral = await campaigns.FindReferralAsync(access, id, ct);
        if (referral is null || referral.Item is null || referral.AnonymisedAt is not null || referral.Status is not (ReferralStatus.Attributed or ReferralStatus.Returned))
        {
            return NotFound();
        }

        Referral = referral;
        Today = campaigns.Today;
        Owner = await Db.Organizations.Where(o => o.Id == referral.Campaign!.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        Accessories = await Db.ItemAccessories.Where(a => a.ItemId == referral.ItemId).OrderBy(a => a.Id).Select(a => a.Name).ToListAsync(ct);
        await campaigns.RecordReadAsync(id, ct);
        return Page();
    }
}
