using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Materiel;

/// <summary>/materiel/import: new items from a CSV, all or nothing, with a line-by-line report; a template to start from.</summary>
[RequestSizeLimit(MaxBytes + (64 * 1024))]
public sealed class ImportModel(AppDbContext db, ScopeAccessor scopes, FleetService fleet, FleetExchange exchange) : PageModel
{
    public const long MaxBytes = 2 * 1024 * 1024;

    public List<(int Id, string Name)> Owners { get; private set; } = [];

    [BindProperty]
    public int? OrganizationId { get; set; }

    public FleetImportResult? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasFleet)
        {
            return Forbid();
        }

        Owners = await fleet.OwnersAsync(access, ct);
        OrganizationId ??= Owners.Count == 1 ? Owners[0].Id : null;
        return Page();
    }

    public IActionResult OnGetModele() => File(
        FleetExchange.Csv([["Tablette tactile", "Samsung Galaxy Tab A9+", "R9XW20A1B2C", "", "Neuf", "15/09/2026", "229,00", "France Relance", "Chargeur | Câble USB-C | Coque", ""]], FleetExchange.ImportHeaders),
        "text/csv; charset=utf-8", "modele-import-materiel.csv");

    public async Task<IActionResult> OnPostAsync(IFormFile? fichier, CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasFleet)
        {
            return Forbid();
        }

        Owners = await fleet.OwnersAsync(access, ct);
        if (fichier is null || fichier.Length == 0)
        {
            Result = new FleetImportResult(0, [new FleetLineError(0, null, "Choisissez le fichier CSV à importer.")]);
            return Page();
        }

        if (fichier.Length > MaxBytes)
        {
            Result = new FleetImportResult(0, [new FleetLineError(0, null, "Le fichier dépasse 2 Mo : découpez-le.")]);
            return Page();
        }

        using var buffer = new MemoryStream();
        await fichier.CopyToAsync(buffer, ct);
        Result = await exchange.ImportAsync(access, OrganizationId ?? 0, buffer.ToArray(), await fleet.ActorNameAsync(User, ct), ct);
        if (Result.Succeeded)
        {
            TempData["Message"] = $"{Result.Imported} objet{(Result.Imported > 1 ? "s" : "")} ajouté{(Result.Imported > 1 ? "s" : "")} au parc.";
            return Redirect("/materiel?tri=recent");
        }

        return Page();
    }
}
