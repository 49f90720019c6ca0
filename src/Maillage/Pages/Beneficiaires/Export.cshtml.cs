using System.Text.Json;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Beneficiaires;

/// <summary>
/// /beneficiaires/{id}/export: everything about the person, as a printable page or (?format=json) a JSON download, for the
/// rights of access and portability. Each export is audited.
/// </summary>
public sealed class ExportModel(AppDbContext db, ScopeAccessor scopes, BeneficiaryService service) : PageModel
{
    public BeneficiaryExport Export { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, string? format, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var export = await service.ExportAsync(access, BeneficiaryActor.Of(User), id, ct);
        if (export is null)
        {
            return NotFound();
        }

        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return File(JsonSerializer.SerializeToUtf8Bytes(export, BeneficiaryExport.Json), "application/json", export.FileName);
        }

        Export = export;
        return Page();
    }
}
