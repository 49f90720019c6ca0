using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Features.Materiel.Campaigns;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Campagnes;

public sealed record CampaignRow(int Id, string Name, string Organization, DateOnly StartsOn, DateOnly? EndsOn, bool IsActive, int? TargetCount, int Stock, int Referrals, int Equipped);

/// <summary>/materiel/campagnes: the campaigns the user runs or prescribes for, with their main figures.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes, CampaignService campaigns) : CampaignPage(db, scopes)
{
    public List<CampaignRow> Rows { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.HasCampaigns)
        {
            return Forbid();
        }

        Today = campaigns.Today;
        var referrals = access.Referrals(Db.Referrals.AsNoTracking());
        Rows = await access.Campaigns(Db.Campaigns.AsNoTracking()).OrderByDescending(c => c.StartsOn).ThenBy(c => c.Name)
            .Select(c => new CampaignRow(
                c.Id, c.Name, Db.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Name).First(), c.StartsOn, c.EndsOn, c.IsActive, c.TargetCount,
                Db.Items.Count(i => i.CampaignId == c.Id),
                referrals.Count(r => r.CampaignId == c.Id),
                referrals.Count(r => r.CampaignId == c.Id && (r.Status == ReferralStatus.Attributed || r.Status == ReferralStatus.Returned))))
            .ToListAsync(ct);
        return Page();
    }
}
