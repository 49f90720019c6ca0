using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Permanences;

/// <summary>The drop-in hours the user sees (their own; their advisors' for managers), by advisor, then day and time.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes, PermanenceService service, TimeProvider clock) : AgendaPageModel(db, scopes)
{
    public sealed record Row(int Id, string Advisor, string Place, string Commune, DayOfWeek Day, TimeOnly Start, TimeOnly End, DateOnly ValidFrom, DateOnly? ValidUntil, PermanenceMode Mode, bool Holidays, bool Ended);

    public Paged<Row> Rows { get; private set; } = null!;
    public IReadOnlyList<(string UserId, string Name, int OrganizationId)> Advisors { get; private set; } = [];
    public string? Advisor { get; private set; }
    public bool ShowEnded { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? conseiller, bool terminees, int? page, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanUseAgenda)
        {
            return Forbid();
        }

        if (access.IsAdvisor)
        {
            await access.OwnProfileAsync(Db, clock, ct);
        }

        Advisors = access.IsManager ? await service.AdvisorsAsync(access, ct) : [];
        Advisor = string.IsNullOrEmpty(conseiller) ? null : conseiller;
        ShowEnded = terminees;
        var today = AgendaText.ParisDate(clock.GetUtcNow());
        var q = service.Readable(access);
        if (Advisor is not null)
        {
            q = q.Where(p => p.AdvisorId == Advisor);
        }

        if (!ShowEnded)
        {
            q = q.Where(p => p.ValidUntil == null || p.ValidUntil >= today);
        }

        var (number, size) = Paging.Normalize(page, 50);
        var total = await q.CountAsync(ct);
        var rows = await q
            .Join(Db.Users, p => p.AdvisorId, u => u.Id, (p, u) => new { p, u.DisplayName })
            .OrderBy(x => x.DisplayName).ThenBy(x => ((int)x.p.Day + 6) % 7).ThenBy(x => x.p.Start).ThenBy(x => x.p.Id)
            .Skip((number - 1) * size).Take(size)
            .Select(x => new Row(x.p.Id, x.DisplayName, x.p.Place!.Name, x.p.Place.CommuneName, x.p.Day, x.p.Start, x.p.End, x.p.ValidFrom, x.p.ValidUntil, x.p.Mode, x.p.ObservesPublicHolidays, x.p.ValidUntil != null && x.p.ValidUntil < today))
            .ToListAsync(ct);
        Rows = new Paged<Row>(rows, number, size, total);
        return Page();
    }
}
