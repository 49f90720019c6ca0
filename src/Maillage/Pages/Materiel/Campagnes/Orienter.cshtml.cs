using Maillage.Data;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Features.Materiel;
using Maillage.Features.Materiel.Campaigns;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Campagnes;

/// <summary>/materiel/campagnes/{id}/orienter: a prescriber refers a person, with the consent read to them.</summary>
public sealed class OrienterModel(AppDbContext db, ScopeAccessor scopes, CampaignService campaigns, FleetService fleet) : CampaignPage(db, scopes)
{
    public Campaign Campaign { get; private set; } = null!;
    public List<(int Id, string Name)> Prescribers { get; private set; } = [];
    public string Purpose { get; private set; } = "";
    public string? Closed { get; private set; }

    [BindProperty]
    public ReferralInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, [FromQuery(Name = "prescripteur")] int? prescriber, CancellationToken ct)
    {
        Input.PrescriberOrganizationId = prescriber;
        return await LoadAsync(id, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        if (ModelState["Input.BirthYear"] is { Errors.Count: > 0 })
        {
            ModelState.Clear();
            ModelState.AddModelError("Input.BirthYear", "L'année de naissance s'écrit en chiffres, par exemple 2006.");
            return Page();
        }

        var result = await campaigns.ReferAsync(Access, id, Input, BeneficiaryActor.Of(User), await fleet.ActorNameAsync(User, ct), ct);
        switch (result.Outcome)
        {
            case CampaignOutcome.NotFound:
                return NotFound();
            case CampaignOutcome.Forbidden:
                return Forbid();
            case CampaignOutcome.Saved:
                TempData["Message"] = $"{Input.FirstName?.Trim()} {Input.LastName?.Trim()} est orienté·e vers la campagne. La coordination vous tiendra informé·e de l'attribution.";
                return Redirect($"/materiel/campagnes/orientations/{result.Id}");
        }

        ShowErrors(result, "Input.");
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var campaign = await access.Campaigns(Db.Campaigns.AsNoTracking()).Include(c => c.Prescribers).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
        {
            return NotFound();
        }

        Prescribers = await campaigns.PrescribersForAsync(access, campaign, ct);
        if (Prescribers.Count == 0)
        {
            return Forbid();
        }

        Campaign = campaign;
        var today = campaigns.Today;
        Closed = CampaignService.IsOpen(campaign, today) ? null
            : campaign.IsActive && campaign.StartsOn > today ? $"La campagne commence le {CampaignText.Date(campaign.StartsOn)} : les orientations ouvriront ce jour-là."
            : "La campagne est close : elle ne reçoit plus d'orientations.";
        Purpose = await campaigns.ConsentPurposeAsync(campaign, ct);
        return null;
    }
}
