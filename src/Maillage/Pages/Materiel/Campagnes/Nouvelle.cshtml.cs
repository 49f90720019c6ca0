using Maillage.Data;
using Maillage.Features.Materiel.Campaigns;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Materiel.Campagnes;

/// <summary>/materiel/campagnes/nouvelle: the coordination opens a campaign.</summary>
public sealed class NouvelleModel(AppDbContext db, ScopeAccessor scopes, CampaignService campaigns) : CampaignFormPage(db, scopes, campaigns)
{
    public override bool IsNew => true;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!(await AccessAsync(ct)).CanManage)
        {
            return Forbid();
        }

        Form.StartsOn = Campaigns.Today;
        await LoadListsAsync(ct);
        Form.OrganizationId = Owners.Count == 1 ? Owners[0].Id : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await AccessAsync(ct)).CanManage)
        {
            return Forbid();
        }

        return await SaveAsync(null, ct);
    }
}
