using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Structures;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Structures;

/// <summary>Confirmation step to deactivate or reactivate a structure (audited).</summary>
public sealed class StatusModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit) : PageModel
{
    public const string ConcurrencyMessage = "Cette structure a été modifiée entre-temps par quelqu'un d'autre : vérifiez son état ci-dessous avant de confirmer.";

    public Organization Organization { get; private set; } = null!;

    /// <summary>The state asked for: true to reactivate, false to deactivate.</summary>
    [BindProperty]
    public bool Activate { get; set; }

    [BindProperty]
    public uint Version { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied)
        {
            return denied;
        }

        Activate = !Organization.IsActive;
        Version = Organization.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied)
        {
            return denied;
        }

        if (Version != Organization.Version || Activate == Organization.IsActive)
        {
            return ShowConflict();
        }

        Organization.IsActive = Activate;
        audit.Record(AuditActions.OrganizationUpdated, "structure", Organization.Id.ToString(CultureInfo.InvariantCulture), Activate ? "réactivation" : "désactivation");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            return ShowConflict();
        }

        TempData["Message"] = Activate ? $"La structure « {Organization.Name} » a été réactivée." : $"La structure « {Organization.Name} » a été désactivée.";
        return Redirect($"/admin/structures/{Organization.Id}");
    }

    private PageResult ShowConflict()
    {
        Error = ConcurrencyMessage;
        ModelState.Clear();
        Activate = !Organization.IsActive;
        Version = Organization.Version;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var org = await scope.Organizations(db.Organizations).Include(o => o.Territory).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (org is null)
        {
            return NotFound();
        }

        if (!scope.ManagesTerritoryPath(org.Territory!.Path))
        {
            return Forbid();
        }

        Organization = org;
        return null;
    }
}
