using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Territoires;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Territoires;

/// <summary>Renames a quartier or changes its QPV flag, with the optimistic concurrency check.</summary>
public sealed class EditQuarterModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit) : PageModel
{
    public const string ConcurrencyMessage = "Ce quartier a été modifié entre-temps par quelqu'un d'autre : ses valeurs actuelles sont affichées ci-dessous. Vérifiez-les, puis enregistrez à nouveau vos changements.";

    [BindProperty]
    public QuarterInput Input { get; set; } = new();

    public Territory Quarter { get; private set; } = null!;
    public Territory Commune { get; private set; } = null!;
    public List<TrailItem> Trail { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied)
        {
            return denied;
        }

        Input = new QuarterInput { Name = Quarter.Name, IsPriorityArea = Quarter.IsPriorityArea, Version = Quarter.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied)
        {
            return denied;
        }

        if (Input.Version != Quarter.Version)
        {
            return ShowConflict();
        }

        Input.Name = Input.Name?.Trim();
        ModelState.ClearValidationState(nameof(Input));
        if (TryValidateModel(Input, nameof(Input))
            && await QuarterInput.DuplicateNameErrorAsync(db, Commune, Input.Name!, Quarter.Id, ct) is { } duplicate)
        {
            ModelState.AddModelError("Input.Name", duplicate);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var changes = new List<string>();
        if (Quarter.Name != Input.Name)
        {
            changes.Add($"nom « {Quarter.Name} » → « {Input.Name} »");
        }

        if (Quarter.IsPriorityArea != Input.IsPriorityArea)
        {
            changes.Add(Input.IsPriorityArea ? "classé QPV" : "n'est plus QPV");
        }

        if (changes.Count == 0)
        {
            TempData["Message"] = "Aucune modification à enregistrer.";
            return Redirect($"/admin/territoires?parent={Commune.Id}");
        }

        Quarter.Name = Input.Name!;
        Quarter.IsPriorityArea = Input.IsPriorityArea;
        audit.Record(AuditActions.TerritoryUpdated, "territoire", Quarter.Code, $"quartier de {Commune.Name} : {string.Join(", ", changes)}");
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

        TempData["Message"] = $"Le quartier « {Quarter.Name} » a été enregistré.";
        return Redirect($"/admin/territoires?parent={Commune.Id}");
    }

    /// <summary>Shows the current values again with the "modified in the meantime" message.</summary>
    private PageResult ShowConflict()
    {
        ModelState.Clear();
        Input = new QuarterInput { Name = Quarter.Name, IsPriorityArea = Quarter.IsPriorityArea, Version = Quarter.Version };
        ModelState.AddModelError("", ConcurrencyMessage);
        return Page();
    }

    /// <summary>Loads the quartier (tracked, with its version as read by the form) and its commune; null when allowed.</summary>
    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var quarter = await db.Territories.FirstOrDefaultAsync(t => t.Id == id && t.Kind == TerritoryKind.Quartier, ct);
        if (quarter?.ParentId is null)
        {
            return NotFound();
        }

        var scope = await scopes.GetAsync(ct);
        if (!scope.ManagesTerritoryPath(quarter.Path))
        {
            return Forbid();
        }

        Quarter = quarter;
        Commune = await db.Territories.AsNoTracking().FirstAsync(t => t.Id == quarter.ParentId, ct);
        Trail = await TerritoryTrail.AncestorsAsync(db, quarter.Path, includeSelf: false, ct);
        return null;
    }
}
