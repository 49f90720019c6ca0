using System.Globalization;
using System.Security.Claims;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Import;
using Maillage.Features.Lieux.Standard;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Gestion.Lieux.Import;

/// <summary>
/// /gestion/lieux/import: upload a file of places (CSV or JSON, standard v1 or legacy v0.1, detected), check it or
/// import it, and read the full report (counts, rejected lines, probable duplicates). Administrators and coordinators
/// only; a coordinator's lines outside their territory are rejected. All or nothing unless asked otherwise.
/// </summary>
[RequestSizeLimit(RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = RequestLimit)]
public sealed class IndexModel(PlaceImporter importer, ScopeAccessor scopes) : PageModel
{
    /// <summary>Files above this are refused with a message (the national count of places fits in a few MB).</summary>
    public const long MaxFileBytes = 20 * 1024 * 1024;

    /// <summary>The request limit is above the file limit, so that a file somewhat too large gets the French message.</summary>
    private const long RequestLimit = 64 * 1024 * 1024;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public bool DryRun { get; set; }

    [BindProperty]
    public bool SkipInvalid { get; set; }

    public PlaceImportReport? Report { get; private set; }
    public string? FileName { get; private set; }
    public bool IsRestricted { get; private set; }

    public bool IsJson => Report?.Format is PlaceFileFormat.JsonV1 or PlaceFileFormat.JsonLegacy;

    public static string MaxFileLabel => (MaxFileBytes / 1024 / 1024).ToString(CultureInfo.InvariantCulture) + " Mo";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (!scope.Has(Role.Administrateur, Role.Coordinateur))
        {
            return Forbid();
        }

        IsRestricted = !scope.IsAdministrator;
        DryRun = true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (!scope.Has(Role.Administrateur, Role.Coordinateur))
        {
            return Forbid();
        }

        IsRestricted = !scope.IsAdministrator;
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choisissez un fichier de lieux (CSV ou JSON) à importer.");
        }
        else if (Upload.Length > MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"Le fichier pèse {(Upload.Length / 1024.0 / 1024.0).ToString("0.0", CultureInfo.GetCultureInfo("fr-FR"))} Mo : la limite est de {MaxFileLabel}. Découpez-le en plusieurs fichiers.");
        }
        else if (Path.GetExtension(Upload.FileName).ToLowerInvariant() is not (".csv" or ".json"))
        {
            ModelState.AddModelError(nameof(Upload), "Le fichier doit être au format CSV (.csv) ou JSON (.json) du standard national des lieux de médiation numérique.");
        }

        var source = Upload is null ? Source?.Trim() : PlaceImporter.SourceName(Source, Upload.FileName);
        if (!string.IsNullOrWhiteSpace(Source) && Source.Trim().Length > 100)
        {
            ModelState.AddModelError(nameof(Source), "Le nom de la source ne doit pas dépasser 100 caractères.");
        }
        else if (string.Equals(source, Place.OwnSource, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError(nameof(Source), $"La source « {Place.OwnSource} » est réservée aux lieux créés dans Maillage : choisissez un autre nom.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        FileName = Path.GetFileName(Upload!.FileName);
        var actor = new ImportActor(User.FindFirstValue(ClaimTypes.NameIdentifier), User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name ?? "inconnu");
        await using var stream = Upload.OpenReadStream();
        Report = await importer.ImportAsync(stream, FileName, new PlaceImportOptions { Source = source, DryRun = DryRun, SkipInvalid = SkipInvalid, Scope = scope }, actor, ct);
        Source = Report.Source;
        return Page();
    }

    /// <summary>"ligne 12" (CSV, as an editor shows it) or "lieu n° 12" (JSON position); "fichier" for the whole file.</summary>
    public string Where(int line) =>
        line == 0 ? "Fichier" : (IsJson ? "Lieu n° " : "Ligne ") + line.ToString(CultureInfo.InvariantCulture);
}
