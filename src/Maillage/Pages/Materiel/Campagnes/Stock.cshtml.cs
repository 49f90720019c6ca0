using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Features.Materiel.Campaigns;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Campagnes;

/// <summary>/materiel/campagnes/{id}/stock: moves the owner's available items into the campaign, by tags or a whole category.</summary>
public sealed class StockModel(AppDbContext db, ScopeAccessor scopes, CampaignService campaigns, FleetService fleet) : CampaignPage(db, scopes)
{
    public Campaign Campaign { get; private set; } = null!;
    public List<(int Id, string Name, int Available)> Categories { get; private set; } = [];
    public int Stock { get; private set; }

    [BindProperty]
    public string? Tags { get; set; }

    [BindProperty]
    public int? CategoryId { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        var (result, moved) = await campaigns.AssignStockAsync(Access, id, Tags, CategoryId, await fleet.ActorNameAsync(User, ct), ct);
        if (result.Outcome == CampaignOutcome.Saved)
        {
            TempData["Message"] = moved == 1 ? "1 objet ajouté au stock de la campagne." : $"{moved} objets ajoutés au stock de la campagne.";
            return Redirect($"/materiel/campagnes/{id}");
        }

        ShowErrors(result, "");
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var campaign = await access.Campaigns(Db.Campaigns.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
        {
            return NotFound();
        }

        if (!access.Manages(campaign.OrganizationId))
        {
            return Forbid();
        }

        Campaign = campaign;
        Stock = await Db.Items.CountAsync(i => i.CampaignId == id, ct);
        var counts = await Db.Items.Where(i => i.OrganizationId == campaign.OrganizationId && i.Status == ItemStatus.Available && i.KitId == null && i.CampaignId == null)
            .GroupBy(i => i.CategoryId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Categories = [.. (await Db.ItemCategories.AsNoTracking().Where(c => counts.Keys.Contains(c.Id)).OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct))
            .Select(c => (c.Id, c.Name, counts[c.Id]))];
        return null;
    }
}
