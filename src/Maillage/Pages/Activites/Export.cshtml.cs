using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Echanges;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Activites;

/// <summary>
/// /activites/export: the records the user may read, filtered like « Mes activités », downloaded in the national « Activités »
/// format (CSV or XLSX). The file is streamed batch by batch; the export is audited (count and filters only).
/// </summary>
public sealed class ExportModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit, TimeProvider clock, ActivityService service) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "du")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public ActivityType? Type { get; set; }

    [BindProperty(SupportsGet = true, Name = "thematique")]
    public ActivityTheme? Theme { get; set; }

    [BindProperty(SupportsGet = true, Name = "lieu")]
    public int? PlaceId { get; set; }

    [BindProperty(SupportsGet = true, Name = "conseiller")]
    public string? AdvisorId { get; set; }

    [BindProperty(SupportsGet = true, Name = "structure")]
    public int? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true, Name = "format")]
    public ActivityExportFileFormat Format { get; set; }

    /// <summary>Set by the « Télécharger » button: without it the page only shows the form.</summary>
    [BindProperty(SupportsGet = true, Name = "telecharger")]
    public bool Download { get; set; }

    public bool ReadsOthers { get; private set; }
    public bool NothingToExport { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Places { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> Advisors { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Organizations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        ReadsOthers = access.ReadsOthers;
        if (!access.CanRecord && !access.ReadsOthers)
        {
            // Readers see figures, never records.
            return Forbid();
        }

        ReplaceBindingErrors();
        if (!Download)
        {
            await LoadChoicesAsync(access, ct);
            return Page();
        }

        if (From is { } from && To is { } to && from > to)
        {
            ModelState.AddModelError("au", "La date de fin doit être postérieure ou égale à la date de début.");
        }

        if (!ModelState.IsValid)
        {
            await LoadChoicesAsync(access, ct);
            return Page();
        }

        var filter = new ActivityExportFilter
        {
            From = From,
            To = To,
            Type = Type,
            Theme = Theme,
            PlaceId = PlaceId,
            AdvisorId = ReadsOthers ? AdvisorId : null,
            OrganizationId = ReadsOthers ? OrganizationId : null,
        };
        var exporter = new ActivityExporter(db, audit);
        var count = await exporter.CountAsync(access, filter, ct);
        if (count == 0)
        {
            NothingToExport = true;
            await LoadChoicesAsync(access, ct);
            return Page();
        }

        await exporter.AuditAsync(Format, count, filter, ct);

        var today = DateOnly.FromDateTime(ParisTime.ToParis(clock.GetUtcNow()).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var csv = Format == ActivityExportFileFormat.Csv;
        Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Response.Headers.ContentDisposition = $"attachment; filename=\"activites-{today}.{(csv ? "csv" : "xlsx")}\"";
        var rows = exporter.RowsAsync(access, filter, ct);
        if (csv)
        {
            await ActivityExporter.WriteCsvAsync(Response.Body, rows, ct);
        }
        else
        {
            await ActivityExporter.WriteXlsxAsync(Response.Body, rows, ct);
        }

        return new EmptyResult();
    }

    /// <summary>
    /// A value the binder could not read gets a French message (dates) or is ignored (a list value that is not one: the filter
    /// is then simply off), instead of the framework's English text.
    /// </summary>
    private void ReplaceBindingErrors()
    {
        foreach (var key in ModelState.Keys.Where(k => ModelState[k]!.Errors.Count > 0).ToList())
        {
            ModelState.Remove(key);
            if (key is "du" or "au")
            {
                ModelState.AddModelError(key, "Date illisible : choisissez-la dans le calendrier ou écrivez-la aaaa-mm-jj.");
            }
        }
    }

    private async Task LoadChoicesAsync(ActivityAccess access, CancellationToken ct)
    {
        var places = new List<(int, string)>();
        foreach (var organization in access.RecordingOrganizationIds)
        {
            places.AddRange((await service.PlacesOf(organization).AsNoTracking().Select(p => new { p.Id, p.Name, p.CommuneName }).ToListAsync(ct))
                .Select(p => (p.Id, $"{p.Name} ({p.CommuneName})")));
        }

        if (access.ManagedOrganizationIds is { Count: > 0 } managed)
        {
            var ids = managed.Select(id => (int?)id).ToList();
            places.AddRange((await db.Places.AsNoTracking().Where(p => p.MergedIntoId == null && ids.Contains(p.OrganizationId)).Select(p => new { p.Id, p.Name, p.CommuneName }).ToListAsync(ct))
                .Select(p => (p.Id, $"{p.Name} ({p.CommuneName})")));
        }

        var french = StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), ignoreCase: true);
        Places = [.. places.DistinctBy(p => p.Item1).OrderBy(p => p.Item2, french)];
        if (!access.ReadsOthers)
        {
            return;
        }

        var organizations = db.Organizations.AsNoTracking();
        var advisors = db.Grants.AsNoTracking().Where(g => g.Role == Role.Conseiller && g.OrganizationId != null);
        if (access.ManagedOrganizationIds is { } scope)
        {
            var ids = scope.Union(access.RecordingOrganizationIds).ToList();
            organizations = organizations.Where(o => ids.Contains(o.Id));
            advisors = advisors.Where(g => ids.Contains(g.OrganizationId!.Value));
        }

        Organizations = [.. (await organizations.Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name)).OrderBy(o => o.Name, french)];
        Advisors = [.. (await advisors.Select(g => new { g.UserId, g.User!.DisplayName }).ToListAsync(ct))
            .DistinctBy(a => a.UserId).Select(a => (a.UserId, a.DisplayName)).OrderBy(a => a.DisplayName, french)];
    }
}
