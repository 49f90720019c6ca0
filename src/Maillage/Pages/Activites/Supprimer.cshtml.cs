using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Activites;

/// <summary>Confirmation, then soft delete (audited): the record leaves lists and figures.</summary>
public sealed class SupprimerModel(AppDbContext db, ScopeAccessor scopes, ActivityService service) : ActivityPageModel(db, scopes)
{
    public Activity Activity { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (await service.FindAsync(access, id, ct) is not { } activity || !access.CanChange(activity))
        {
            return NotFound();
        }

        Activity = activity;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!await service.DeleteAsync(access, id, ct))
        {
            return NotFound();
        }

        TempData["Message"] = "L'activité a été supprimée.";
        return Redirect("/activites");
    }
}
