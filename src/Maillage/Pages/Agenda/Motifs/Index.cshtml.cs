using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Motifs;

/// <summary>The appointment motifs the user's organizations offer (and the shared ones); managers add and change them.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes) : AgendaPageModel(db, scopes)
{
    public sealed record Row(int Id, string Name, string? Organization, int Duration, int Notice, int Horizon, ActivityTheme Theme, bool Active, bool CanChange);

    public Paged<Row> Rows { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int? page, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanUseAgenda)
        {
            return Forbid();
        }

        var q = access.Motifs(Db.AppointmentMotifs.AsNoTracking());
        var (number, size) = Paging.Normalize(page, 50);
        var total = await q.CountAsync(ct);
        var motifs = await q.OrderByDescending(m => m.IsActive).ThenBy(m => m.SortOrder).ThenBy(m => m.Name).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var orgIds = motifs.Where(m => m.OrganizationId != null).Select(m => m.OrganizationId!.Value).Distinct().ToList();
        var names = await Db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Rows = new Paged<Row>(
            [.. motifs.Select(m => new Row(m.Id, m.Name, m.OrganizationId is { } o ? names.GetValueOrDefault(o) : null, m.DurationMinutes, m.MinimumNoticeMinutes, m.HorizonDays, m.Theme, m.IsActive, access.CanChange(m)))],
            number, size, total);
        return Page();
    }
}
