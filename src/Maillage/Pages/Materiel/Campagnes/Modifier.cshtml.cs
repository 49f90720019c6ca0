using Maillage.Data;
using Maillage.Features.Materiel.Campaigns;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Campagnes;

/// <summary>/materiel/campagnes/{id}/modifier: the campaign's managers change it (optimistic concurrency).</summary>
public sealed class ModifierModel(AppDbContext db, ScopeAccessor scopes, CampaignService campaigns) : CampaignFormPage(db, scopes, campaigns)
{
    public override bool IsNew => false;

    public int Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var campaign = await access.Campaigns(Db.Campaigns.AsNoTracking()).Include(c => c.Prescribers).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
        {
            return NotFound();
        }

        if (!access.Manages(campaign.OrganizationId))
        {
            return Forbid();
        }

        Id = id;
        Form = new CampaignForm
        {
            Name = campaign.Name,
            Description = campaign.Description,
            Eligibility = campaign.Eligibility,
            TargetCount = campaign.TargetCount,
            StartsOn = campaign.StartsOn,
            EndsOn = campaign.EndsOn,
            OrganizationId = campaign.OrganizationId,
            PrescriberIds = [.. campaign.Prescribers.Select(p => p.OrganizationId)],
            IsActive = campaign.IsActive,
            Version = campaign.Version,
        };
        await LoadListsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        await AccessAsync(ct);
        Id = id;
        return await SaveAsync(id, ct);
    }
}
