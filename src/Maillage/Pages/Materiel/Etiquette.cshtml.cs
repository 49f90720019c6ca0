using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

/// <summary>
/// /materiel/t/{tag}: what a scanned QR label opens. Goes to the item (or the kit's first item) in the user's fleet; an unknown
/// tag gets a French page saying which code was read, with a search field, and status 404.
/// </summary>
public sealed class EtiquetteModel(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    public string Tag { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string tag, CancellationToken ct)
    {
        Tag = AssetTags.Normalize(tag);
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var itemId = await access.Items(db.Items.AsNoTracking()).Where(i => i.AssetTag == Tag).Select(i => (int?)i.Id).FirstOrDefaultAsync(ct);
        if (itemId is { } id)
        {
            return Redirect($"/materiel/{id}");
        }

        var kitId = await access.Kits(db.Kits.AsNoTracking()).Where(k => k.AssetTag == Tag).Select(k => (int?)k.Id).FirstOrDefaultAsync(ct);
        if (kitId is { } kit)
        {
            return Redirect($"/materiel/kits/{kit}");
        }

        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
