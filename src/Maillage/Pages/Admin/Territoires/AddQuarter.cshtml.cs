using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Territoires;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Territoires;

/// <summary>Adds a quartier under a commune the user manages.</summary>
public sealed class AddQuarterModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit) : PageModel
{
    [BindProperty]
    public QuarterInput Input { get; set; } = new();

    public Territory Commune { get; private set; } = null!;
    public List<TrailItem> Trail { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int communeId, CancellationToken ct)
    {
        return await LoadAsync(communeId, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(int communeId, CancellationToken ct)
    {
        if (await LoadAsync(communeId, ct) is { } denied)
        {
            return denied;
        }

        Input.Name = Input.Name?.Trim();
        ModelState.ClearValidationState(nameof(Input));
        if (TryValidateModel(Input, nameof(Input))
            && await QuarterInput.DuplicateNameErrorAsync(db, Commune, Input.Name!, null, ct) is { } duplicate)
        {
            ModelState.AddModelError("Input.Name", duplicate);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var quarter = await Quarters.AddAsync(db, Commune, Input.Name!, Input.IsPriorityArea, ct);
        audit.Record(AuditActions.TerritoryCreated, "territoire", quarter.Code, $"quartier « {quarter.Name} » ({Commune.Name}){(quarter.IsPriorityArea ? ", QPV" : "")}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another quartier of this commune was added at the same moment and took the generated code.
            ModelState.AddModelError("", "Un autre quartier vient d'être ajouté à cette commune au même moment : enregistrez à nouveau.");
            return Page();
        }

        TempData["Message"] = $"Le quartier « {quarter.Name} » a été ajouté à {Commune.Name}.";
        return Redirect($"/admin/territoires?parent={Commune.Id}");
    }

    /// <summary>Loads the commune; null when the user may add a quartier to it, else the result to return.</summary>
    private async Task<IActionResult?> LoadAsync(int communeId, CancellationToken ct)
    {
        var commune = await db.Territories.AsNoTracking().FirstOrDefaultAsync(t => t.Id == communeId && t.Kind == TerritoryKind.Commune, ct);
        if (commune is null)
        {
            return NotFound();
        }

        var scope = await scopes.GetAsync(ct);
        if (!scope.ManagesTerritoryPath(commune.Path))
        {
            return Forbid();
        }

        Commune = commune;
        Trail = await TerritoryTrail.AncestorsAsync(db, commune.Path, includeSelf: true, ct);
        return null;
    }
}
