using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Beneficiaires;

/// <summary>/beneficiaires/{id}/effacer: confirms, then anonymises the file (right to erasure); the statistics stay.</summary>
public sealed class EffacerModel(AppDbContext db, ScopeAccessor scopes, BeneficiaryService service) : PageModel
{
    public Beneficiary Beneficiary { get; private set; } = null!;
    public int ActivityCount { get; private set; }
    public DateOnly Today => service.Today;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var file = await service.OpenAsync(access, BeneficiaryActor.Of(User), id, ct);
        if (file is null)
        {
            return NotFound();
        }

        Beneficiary = file;
        ActivityCount = await service.History(id).CountAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!await service.EraseAsync(access, id, ct))
        {
            return NotFound();
        }

        TempData["Message"] = $"La fiche n° {id} a été effacée : l'identité de la personne est supprimée, ses accompagnements restent comptés dans les statistiques.";
        return Redirect("/beneficiaires");
    }
}
