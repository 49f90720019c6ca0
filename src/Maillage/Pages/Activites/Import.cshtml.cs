using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Echanges;
using Maillage.Features.Audit;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Activites;

/// <summary>
/// /activites/import: a file in the national « Activités » format (CSV or XLSX) brought in for one organization and one
/// advisor, checked only or imported, all or nothing, with the report line by line.
/// </summary>
[RequestSizeLimit(RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = RequestLimit)]
public sealed class ImportModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit, TimeProvider clock, ActivityService activities) : PageModel
{
    /// <summary>About 100 000 lines of CSV; larger histories are imported period by period.</summary>
    public const long MaxFileBytes = 20 * 1024 * 1024;

    /// <summary>Above the file limit, so that a somewhat too large file gets the French message rather than a bare 413.</summary>
    private const long RequestLimit = 64 * 1024 * 1024;

    /// <summary>Lines of a report shown on the page: a whole file in error would otherwise make a page of megabytes.</summary>
    public const int MaxErrorsShown = 1000;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>« organizationId:advisorId », one option per advisor under their organization.</summary>
    [BindProperty]
    public string? Target { get; set; }

    /// <summary>True: « Vérifier seulement »; false: « Importer ».</summary>
    [BindProperty]
    public bool DryRun { get; set; } = true;

    public IReadOnlyList<(ImportOrganization Organization, IReadOnlyList<ImportAdvisor> Advisors)> Targets { get; private set; } = [];
    public ActivityImportReport? Report { get; private set; }
    public string? FileName { get; private set; }

    public static string MaxFileLabel => (MaxFileBytes / 1024 / 1024).ToString(CultureInfo.InvariantCulture) + " Mo";

    public static string TargetValue(int organizationId, string advisorId) => organizationId.ToString(CultureInfo.InvariantCulture) + ":" + advisorId;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (importer, access) = await StartAsync(ct);
        await LoadTargetsAsync(importer, access, ct);
        if (Targets.Count == 0)
        {
            return Forbid();
        }

        Target ??= access.UserId is { } self && Targets.SelectMany(t => t.Advisors.Select(a => TargetValue(t.Organization.Id, a.Id))).FirstOrDefault(v => v.EndsWith(":" + self, StringComparison.Ordinal)) is { } mine
            ? mine : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (importer, access) = await StartAsync(ct);
        await LoadTargetsAsync(importer, access, ct);
        if (Targets.Count == 0)
        {
            return Forbid();
        }

        (int OrganizationId, string AdvisorId)? target = null;
        if (Target?.Split(':', 2) is [var org, var advisor] && int.TryParse(org, NumberStyles.None, CultureInfo.InvariantCulture, out var organizationId)
            && Targets.Any(t => t.Organization.Id == organizationId && t.Advisors.Any(a => a.Id == advisor)))
        {
            target = (organizationId, advisor);
        }
        else
        {
            ModelState.AddModelError(nameof(Target), "Choisissez la structure et le conseiller ou la conseillère à qui attribuer les activités.");
        }

        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choisissez un fichier d'activités (CSV ou XLSX) à importer.");
        }
        else if (Upload.Length > MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"Le fichier pèse {(Upload.Length / 1024.0 / 1024.0).ToString("0.0", CultureInfo.GetCultureInfo("fr-FR"))} Mo : la limite est de {MaxFileLabel}. Découpez-le par période.");
        }
        else if (Path.GetExtension(Upload.FileName).ToLowerInvariant() is not (".csv" or ".xlsx"))
        {
            ModelState.AddModelError(nameof(Upload), "Le fichier doit être au format CSV (.csv) ou Excel (.xlsx), avec les colonnes de l'export « Activités ».");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        FileName = Path.GetFileName(Upload!.FileName);
        await using var stream = Upload.OpenReadStream();
        Report = await importer.ImportAsync(access, stream, FileName, target!.Value.OrganizationId, target.Value.AdvisorId, DryRun, ct);
        return Page();
    }

    /// <summary>« Ligne 12 » as a spreadsheet or an editor shows it; « Fichier » for the whole file.</summary>
    public static string Where(int line) => line == 0 ? "Fichier" : "Ligne " + line.ToString(CultureInfo.InvariantCulture);

    private async Task<(ActivityImporter, ActivityAccess)> StartAsync(CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        return (new ActivityImporter(db, audit, clock, activities), access);
    }

    private async Task LoadTargetsAsync(ActivityImporter importer, ActivityAccess access, CancellationToken ct) =>
        Targets = await importer.TargetsAsync(access, ct);
}
