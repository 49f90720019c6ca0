using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

/// <summary>/materiel/export?format=csv|xlsx: the list as filtered on /materiel, as a file; written to the journal.</summary>
public sealed class ExportModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? format, string? q, int? categorie, ItemStatus? statut, int? kit, CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasFleet)
        {
            return Forbid();
        }

        var query = FleetSearch.Filter(access.Items(db.Items.AsNoTracking()), q, categorie, statut, kit);
        var rows = await FleetExchange.RowsAsync(db, query, ct);
        await audit.WriteAsync(AuditActions.Export, "materiel", null, $"{rows.Count} objets ({(format == "xlsx" ? "XLSX" : "CSV")})");
        var name = $"materiel-{clock.GetUtcNow():yyyy-MM-dd}";
        return format == "xlsx"
            ? File(await FleetExchange.XlsxAsync(rows, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx")
            : File(FleetExchange.Csv(rows, FleetExchange.ExportHeaders), "text/csv; charset=utf-8", name + ".csv");
    }
}
