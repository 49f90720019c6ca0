using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Beneficiaires;

/// <summary>One accompaniment in the file's history.</summary>
public sealed record HistoryRow(long Id, DateOnly Date, ActivityType Type, int DurationMinutes, ActivityTheme Themes, Autonomy? Autonomy, string? WorkshopTitle, bool Individual, bool Readable);

/// <summary>
/// /beneficiaires/{id}: the file (audited when read by someone else than its author), its accompaniments, the evolution of
/// the person's autonomy over their individual records. Out of scope, absent or erased: « page introuvable ».
/// </summary>
public sealed class FicheModel(AppDbContext db, ScopeAccessor scopes, BeneficiaryService service) : PageModel
{
    public Beneficiary Beneficiary { get; private set; } = null!;
    public string Organization { get; private set; } = "";
    public string? ConsentBy { get; private set; }
    public Paged<HistoryRow> History { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    /// <summary>Autonomy of each individual record with one, oldest first.</summary>
    public IReadOnlyList<(DateOnly Date, Autonomy Autonomy)> AutonomySteps { get; private set; } = [];
    public DateOnly Today { get; private set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var file = await service.OpenAsync(access, BeneficiaryActor.Of(User), id, ct);
        if (file is null)
        {
            return NotFound();
        }

        Beneficiary = file;
        Today = service.Today;
        Organization = await db.Organizations.AsNoTracking().Where(o => o.Id == file.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        ConsentBy = await db.Users.AsNoTracking().Where(u => u.Id == file.ConsentById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);

        var (page, size) = Paging.Normalize(PageNumber, null);
        var history = service.History(id);
        var total = await history.CountAsync(ct);
        var rows = await history.OrderByDescending(a => a.Date).ThenByDescending(a => a.Id).Skip((page - 1) * size).Take(size)
            .Select(a => new { a.Id, a.Date, a.Type, a.DurationMinutes, a.Themes, a.Autonomy, a.WorkshopTitle, Individual = a.BeneficiaryId == id })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var readable = (await access.Readable(db.Activities.AsNoTracking()).Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        History = new Paged<HistoryRow>(
            [.. rows.Select(r => new HistoryRow(r.Id, r.Date, r.Type, r.DurationMinutes, r.Themes, r.Autonomy, r.WorkshopTitle, r.Individual, readable.Contains(r.Id)))],
            page, size, total);

        var steps = await history.Where(a => a.BeneficiaryId == id && a.Type == ActivityType.Individual && a.Autonomy != null)
            .OrderBy(a => a.Date).ThenBy(a => a.Id).Select(a => new { a.Date, a.Autonomy }).ToListAsync(ct);
        AutonomySteps = [.. steps.Select(s => (s.Date, s.Autonomy!.Value))];
        return Page();
    }

    public static string Duration(int minutes) => minutes < 60 ? $"{minutes} min" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60:00}";
}
