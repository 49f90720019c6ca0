using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Ateliers;

public sealed record StaffSessionRow(int Id, string Title, DateTimeOffset Start, DateTimeOffset End, string PlaceName, int Capacity, int ConfirmedCount, int Waiting, WorkshopSessionStatus Status, DateTimeOffset? AttendanceClosedAt, long? ActivityId);

/// <summary>« Ateliers » of the staff: the sessions the user runs or manages, coming or past, 25 a page.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes, TimeProvider clock) : StaffPage(db, scopes)
{
    [BindProperty(SupportsGet = true, Name = "periode")]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public bool Past => Period == "passees";

    public Paged<StaffSessionRow> Sessions { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await AccessAsync(ct);
        var now = clock.GetUtcNow();
        var query = Access.Visible(Db.WorkshopSessions.AsNoTracking());
        query = Past ? query.Where(s => s.End <= now) : query.Where(s => s.End > now);
        var ordered = Past ? query.OrderByDescending(s => s.Start).ThenByDescending(s => s.Id) : query.OrderBy(s => s.Start).ThenBy(s => s.Id);
        var (page, size) = Paging.Normalize(PageNumber, Paging.DefaultPageSize);
        var total = await query.CountAsync(ct);
        var items = await ordered.Skip((page - 1) * size).Take(size)
            .Select(s => new StaffSessionRow(s.Id, s.WorkshopType!.Title, s.Start, s.End, s.Place!.Name, s.Capacity, s.ConfirmedCount,
                s.Registrations.Count(r => r.Status == RegistrationStatus.Waiting), s.Status, s.AttendanceClosedAt, s.ActivityId))
            .ToListAsync(ct);
        Sessions = new Paged<StaffSessionRow>(items, page, size, total);
    }
}
