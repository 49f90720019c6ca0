using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

/// <summary>/materiel/{id}/modifier: changes an item; a version read before someone else's change is refused, nothing lost.</summary>
public sealed class ModifierModel(AppDbContext db, ScopeAccessor scopes, FleetService fleet) : ItemFormPage(db, scopes, fleet)
{
    public override bool IsNew => false;

    public string AssetTag { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var item = await access.Items(Db.Items.AsNoTracking()).Include(i => i.Accessories).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return NotFound();
        }

        AssetTag = item.AssetTag;
        Form = FleetService.ToInput<ItemForm>(item);
        Form.Version = item.Version;
        await LoadListsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        AssetTag = await access.Items(Db.Items.AsNoTracking()).Where(i => i.Id == id).Select(i => i.AssetTag).FirstOrDefaultAsync(ct) ?? "";
        if (AssetTag.Length == 0)
        {
            return NotFound();
        }

        var binding = BindingErrors();
        var result = binding.Count > 0 ? FleetResult.Invalid(binding) : await Fleet.UpdateAsync(access, id, Form.ToInput(), Form.Version, await Fleet.ActorNameAsync(User, ct), ct);
        switch (result.Outcome)
        {
            case FleetOutcome.NotFound:
                return NotFound();
            case FleetOutcome.Saved:
                TempData["Message"] = "Modifications enregistrées.";
                return Redirect($"/materiel/{id}");
        }

        ShowErrors(result.Errors);
        await LoadListsAsync(ct);
        return Page();
    }
}
