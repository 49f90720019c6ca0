using Maillage.Data;
using Maillage.Features.Materiel.Campaigns;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Campagnes;

/// <summary>The campaign form as posted: the input plus the version read.</summary>
public sealed class CampaignForm : CampaignInput
{
    public uint Version { get; set; }
}

/// <summary>Shared by « Nouvelle campagne » and « Modifier la campagne »: the lists of the form.</summary>
public abstract class CampaignFormPage(AppDbContext db, ScopeAccessor scopes, CampaignService campaigns) : CampaignPage(db, scopes)
{
    protected CampaignService Campaigns => campaigns;

    [BindProperty]
    public CampaignForm Form { get; set; } = new();

    public List<(int Id, string Name)> Owners { get; private set; } = [];
    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public abstract bool IsNew { get; }

    protected async Task LoadListsAsync(CancellationToken ct)
    {
        var managed = Access.Managed;
        var owners = Db.Organizations.AsNoTracking();
        if (managed is not null)
        {
            owners = owners.Where(o => managed.Contains(o.Id));
        }

        Owners = [.. (await owners.OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name))];
        var visible = Access.Scope.Organizations(Db.Organizations.AsNoTracking()).Where(o => o.IsActive || Form.PrescriberIds.Contains(o.Id));
        Organizations = [.. (await visible.OrderBy(o => o.Name).Take(1000).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name))];
    }

    protected void BindingErrors()
    {
        var messages = new Dictionary<string, string>
        {
            ["Form.StartsOn"] = "La date de début n'est pas une date : écrivez-la jj/mm/aaaa.",
            ["Form.EndsOn"] = "La date de fin n'est pas une date : écrivez-la jj/mm/aaaa.",
            ["Form.TargetCount"] = "L'objectif doit être un nombre entier d'ordinateurs.",
        };
        foreach (var key in ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key).ToList())
        {
            ModelState[key]!.Errors.Clear();
            ModelState.AddModelError(key, messages.GetValueOrDefault(key, "Choisissez une valeur dans la liste."));
        }
    }

    /// <summary>Saves; on success redirects to the campaign, otherwise shows the form again with its errors.</summary>
    protected async Task<IActionResult> SaveAsync(int? id, CancellationToken ct)
    {
        BindingErrors();
        if (!ModelState.IsValid)
        {
            // A value that is not a date or a number: said in French, nothing saved.
            await LoadListsAsync(ct);
            return Page();
        }

        var result = await Campaigns.SaveCampaignAsync(Access, id, Form, IsNew ? null : Form.Version, ct);
        switch (result.Outcome)
        {
            case CampaignOutcome.NotFound:
                return NotFound();
            case CampaignOutcome.Forbidden:
                return Forbid();
            case CampaignOutcome.Saved:
                TempData["Message"] = IsNew ? "Campagne créée. Ajoutez maintenant les ordinateurs à son stock." : "Campagne enregistrée.";
                return Redirect($"/materiel/campagnes/{result.Id}");
        }

        ShowErrors(result, "Form.");
        await LoadListsAsync(ct);
        return Page();
    }
}
