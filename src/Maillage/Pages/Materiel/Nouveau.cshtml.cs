using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Materiel;

/// <summary>/materiel/nouveau: adds an object to the fleet; its tag is the category's next one unless typed.</summary>
public sealed class NouveauModel(AppDbContext db, ScopeAccessor scopes, FleetService fleet) : ItemFormPage(db, scopes, fleet)
{
    public override bool IsNew => true;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!(await AccessAsync(ct)).HasFleet)
        {
            return Forbid();
        }

        await LoadListsAsync(ct);
        Form.OrganizationId ??= Owners.Count == 1 ? Owners[0].Id : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await AccessAsync(ct)).HasFleet)
        {
            return Forbid();
        }

        var binding = BindingErrors();
        var result = binding.Count > 0 ? FleetResult.Invalid(binding) : await Fleet.CreateAsync(Access, Form.ToInput(), await Fleet.ActorNameAsync(User, ct), ct);
        if (result.Outcome != FleetOutcome.Saved)
        {
            ShowErrors(result.Errors);
            await LoadListsAsync(ct);
            return Page();
        }

        TempData["Message"] = $"Objet ajouté au parc avec l'étiquette {result.Item!.AssetTag}.";
        return Redirect($"/materiel/{result.Item.Id}");
    }
}
