using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

public sealed record CategoryRow(int Id, string Name, string TagPrefix, bool IsActive, int Items);

/// <summary>
/// /materiel/categories: the instance's categories, shared by every fleet; administration and coordination add, rename and
/// archive them (a used category is archived, never deleted: its items keep it); structures read them.
/// </summary>
public sealed class CategoriesModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit) : PageModel
{
    public List<CategoryRow> Rows { get; private set; } = [];
    public bool CanEdit { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? TagPrefix { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!CanEdit)
        {
            return Forbid();
        }

        var name = Name?.Trim() ?? "";
        var prefix = TagPrefix?.Trim().ToUpperInvariant() ?? "";
        if (name.Length is 0 or > 80)
        {
            ModelState.AddModelError(nameof(Name), name.Length == 0 ? "Indiquez le nom de la catégorie, par exemple « Appareil photo »." : "Le nom ne doit pas dépasser 80 caractères.");
        }
        else if (Rows.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            ModelState.AddModelError(nameof(Name), $"La catégorie « {name} » existe déjà.");
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(prefix, "^[A-Z0-9]{1,6}$"))
        {
            ModelState.AddModelError(nameof(TagPrefix), "Le préfixe des étiquettes fait 1 à 6 lettres ou chiffres, sans espace : « APN ».");
        }
        else if (Rows.Any(r => r.TagPrefix == prefix) || prefix == "KIT")
        {
            ModelState.AddModelError(nameof(TagPrefix), $"Le préfixe « {prefix} » est déjà pris.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.ItemCategories.Add(new ItemCategory { Name = name, TagPrefix = prefix, SortOrder = (Rows.Count + 1) * 10 });
        audit.Record(AuditActions.ItemChanged, "categorie-materiel", null, $"Catégorie « {name} » ajoutée");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"Catégorie « {name} » ajoutée : ses étiquettes commenceront par {prefix}-.";
        return Redirect("/materiel/categories");
    }

    public async Task<IActionResult> OnPostArchiveAsync(int id, bool active, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!CanEdit)
        {
            return Forbid();
        }

        var category = await db.ItemCategories.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (category is null)
        {
            return NotFound();
        }

        category.IsActive = active;
        audit.Record(AuditActions.ItemChanged, "categorie-materiel", id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Catégorie « {category.Name} » {(active ? "réactivée" : "archivée")}");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = active ? $"Catégorie « {category.Name} » de nouveau proposée." : $"Catégorie « {category.Name} » archivée : elle n'est plus proposée pour un nouvel objet, ses objets la gardent.";
        return Redirect("/materiel/categories");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        CanEdit = scope.Has(Role.Administrateur, Role.Coordinateur);
        Rows = await db.ItemCategories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .Select(c => new CategoryRow(c.Id, c.Name, c.TagPrefix, c.IsActive, db.Items.Count(i => i.CategoryId == c.Id))).ToListAsync(ct);
    }
}
