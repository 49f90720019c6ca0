using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Features.Materiel.Campaigns;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Materiel.Campagnes;

/// <summary>The confirmation step of withdrawing, not retaining, or erasing a referral.</summary>
public sealed class ConfirmerModel(AppDbContext db, ScopeAccessor scopes, CampaignService campaigns) : CampaignPage(db, scopes)
{
    public static readonly IReadOnlyDictionary<string, (string Title, string Button, string Done)> Actions = new Dictionary<string, (string, string, string)>
    {
        ["retirer"] = ("Retirer l'orientation", "Retirer l'orientation", "Orientation retirée."),
        ["ne-pas-retenir"] = ("Ne pas retenir l'orientation", "Ne pas retenir", "Orientation non retenue."),
        ["effacer"] = ("Effacer les données de la personne", "Effacer définitivement", "Données de la personne effacées ; les chiffres de la campagne sont conservés."),
    };

    public Referral Referral { get; private set; } = null!;
    public string Action { get; private set; } = "";
    public (string Title, string Button, string Done) Texts { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string action, CancellationToken ct) => await LoadAsync(id, action, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, string action, CancellationToken ct)
    {
        if (await LoadAsync(id, action, ct) is { } refusal)
        {
            return refusal;
        }

        var result = action switch
        {
            "retirer" => await campaigns.CloseAsync(Access, id, ReferralStatus.Withdrawn, ct),
            "ne-pas-retenir" => await campaigns.CloseAsync(Access, id, ReferralStatus.Declined, ct),
            _ => await campaigns.EraseAsync(Access, id, ct),
        };
        switch (result.Outcome)
        {
            case CampaignOutcome.NotFound:
                return NotFound();
            case CampaignOutcome.Forbidden:
                return Forbid();
            case CampaignOutcome.Saved:
                TempData["Message"] = Texts.Done;
                return Redirect($"/materiel/campagnes/orientations/{id}");
        }

        ShowErrors(result, "");
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, string action, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var referral = await campaigns.FindReferralAsync(access, id, ct);
        if (referral is null || !Actions.TryGetValue(action, out var texts))
        {
            return NotFound();
        }

        Referral = referral;
        Action = action;
        Texts = texts;
        return null;
    }
}
