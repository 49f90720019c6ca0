using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Features.Materiel.Campaigns;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Campagnes;

/// <summary>
/// /materiel/campagnes/orientations/{id}: one referred person (each opening is journaled); the campaign's managers attribute a
/// device, print the agreement, record its signature and the return of a loan.
/// </summary>
public sealed class OrientationModel(AppDbContext db, ScopeAccessor scopes, CampaignService campaigns, FleetService fleet) : CampaignPage(db, scopes)
{
    public Referral Referral { get; private set; } = null!;
    public bool Manages { get; private set; }
    public bool CanWithdraw { get; private set; }
    public DateOnly Today { get; private set; }
    public List<(int Id, string Label)> Available { get; private set; } = [];

    [BindProperty]
    public AttributionInput Attribution { get; set; } = new();

    [BindProperty]
    public string? SignedName { get; set; }

    [BindProperty]
    public bool Damaged { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        Attribution.DueDate = Today.AddMonths(6);
        await campaigns.RecordReadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAttributeAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        if (ModelState["Attribution.DueDate"] is { Errors.Count: > 0 })
        {
            ModelState.Clear();
            ModelState.AddModelError("Attribution.DueDate", "La date de retour n'est pas une date : écrivez-la jj/mm/aaaa.");
            return Page();
        }

        return await DoneAsync(id, await campaigns.AttributeAsync(Access, id, Attribution, await fleet.ActorNameAsync(User, ct), ct), "Attribution.",
            Attribution.Kind == AttributionKind.Loan ? "Ordinateur prêté. Imprimez la convention et faites-la signer." : "Ordinateur donné. Imprimez la convention et faites-la signer.", ct);
    }

    public async Task<IActionResult> OnPostSignAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        return await DoneAsync(id, await campaigns.SignAgreementAsync(Access, id, SignedName, ct), "", "Convention signée enregistrée.", ct);
    }

    public async Task<IActionResult> OnPostReturnAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        return await DoneAsync(id, await campaigns.ReturnAsync(Access, id, Damaged, Reason, Note, await fleet.ActorNameAsync(User, ct), ct), "",
            Damaged ? "Retour enregistré : l'ordinateur part en maintenance." : "Retour enregistré : l'ordinateur est de nouveau disponible dans le stock.", ct);
    }

    private async Task<IActionResult> DoneAsync(int id, CampaignResult result, string prefix, string message, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case CampaignOutcome.NotFound:
                return NotFound();
            case CampaignOutcome.Forbidden:
                return Forbid();
            case CampaignOutcome.Saved:
                TempData["Message"] = message;
                return Redirect($"/materiel/campagnes/orientations/{id}");
        }

        ShowErrors(result, prefix);
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var referral = await campaigns.FindReferralAsync(access, id, ct);
        if (referral is null)
        {
            return NotFound();
        }

        Referral = referral;
        Today = campaigns.Today;
        Manages = access.Manages(referral.Campaign!.OrganizationId);
        CanWithdraw = referral.Status == ReferralStatus.Referred && (Manages || access.Prescribing.Contains(referral.PrescriberOrganizationId));
        if (Manages && referral.Status == ReferralStatus.Referred)
        {
            Available = [.. (await Db.Items.AsNoTracking().Where(i => i.CampaignId == referral.CampaignId && i.Status == ItemStatus.Available).OrderBy(i => i.AssetTag)
                .Select(i => new { i.Id, i.AssetTag, i.Model, i.SerialNumber }).Take(500).ToListAsync(ct))
                .Select(i => (i.Id, $"{i.AssetTag} — {i.Model}{(i.SerialNumber is null ? "" : $" (n° {i.SerialNumber})")}"))];
        }

        return null;
    }
}
