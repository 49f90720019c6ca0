using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Kits;

/// <summary>/materiel/kits/{id}: a kit's items; add one by its tag (typed or scanned), take one out.</summary>
public sealed class DetailsModel(AppDbContext db, ScopeAccessor scopes, FleetService fleet, KitService kits, ReservationService reservations) : PageModel
{
    public Kit Kit { get; private set; } = null!;

    /// <summary>The kit's loan this scan is about: to check out today, or to check in.</summary>
    public (int Id, bool CheckIn)? Current { get; private set; }

    [BindProperty]
    public string? Tag { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (await kits.AddAsync(access, id, Tag, await fleet.ActorNameAsync(User, ct), ct) is { } refusal)
        {
            ModelState.AddModelError(nameof(Tag), refusal);
            return Page();
        }

        TempData["Message"] = $"{AssetTags.Normalize(Tag!)} ajouté au kit.";
        return Redirect($"/materiel/kits/{id}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, int itemId, CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!await kits.RemoveAsync(access, id, itemId, await fleet.ActorNameAsync(User, ct), ct))
        {
            return NotFound();
        }

        TempData["Message"] = "Objet retiré du kit.";
        return Redirect($"/materiel/kits/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var kit = await access.Kits(db.Kits.AsNoTracking()).Include(k => k.Items.OrderBy(i => i.AssetTag)).ThenInclude(i => i.Category).FirstOrDefaultAsync(k => k.Id == id, ct);
        if (kit is null)
        {
            return false;
        }

        Kit = kit;
        Current = kit.Items.Count == 0 ? null : await reservations.CurrentForItemAsync(access, kit.Items[0].Id, ct);
        return true;
    }
}
