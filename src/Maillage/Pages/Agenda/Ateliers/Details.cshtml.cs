using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Ateliers;

/// <summary>A session for its staff: details, the people registered and waiting, and the actions (edit, attendance, cancel).</summary>
public sealed class DetailsModel(AppDbContext db, ScopeAccessor scopes, TimeProvider clock) : StaffPage(db, scopes)
{
    public WorkshopSession Session { get; private set; } = null!;

    public List<Registration> Confirmed { get; private set; } = [];

    public List<Registration> Waiting { get; private set; } = [];

    public List<string> AdvisorNames { get; private set; } = [];

    public bool Started => Session.Start <= clock.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await SessionAsync(id, ct) is not { } session)
        {
            return NotFound();
        }

        Session = session;
        var registrations = await Db.Registrations.AsNoTracking().Where(r => r.WorkshopSessionId == id && r.Status != RegistrationStatus.Cancelled).OrderBy(r => r.Id).ToListAsync(ct);
        Confirmed = [.. registrations.Where(r => r.Status == RegistrationStatus.Confirmed)];
        Waiting = [.. registrations.Where(r => r.Status == RegistrationStatus.Waiting)];
        var ids = session.Advisors.Select(a => a.AdvisorId).ToList();
        AdvisorNames = await Db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => u.DisplayName ?? u.Email!).ToListAsync(ct);
        return Page();
    }
}
