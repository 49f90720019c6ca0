using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Ateliers;

/// <summary>Base of the staff workshop pages: signed-in staff (also set on the /Agenda folder), the scope, one session in it.</summary>
[Authorize(Policy = Policies.Staff)]
public abstract class StaffPage(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    protected AppDbContext Db => db;

    public ActivityAccess Access { get; private set; } = null!;

    protected async Task<ActivityAccess> AccessAsync(CancellationToken ct) => Access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);

    /// <summary>The session with its type, place and advisors, when the user runs or manages it.</summary>
    protected async Task<WorkshopSession?> SessionAsync(int id, CancellationToken ct)
    {
        await AccessAsync(ct);
        var session = await db.WorkshopSessions.AsNoTracking().Include(s => s.WorkshopType).Include(s => s.Place).Include(s => s.Advisors)
            .FirstOrDefaultAsync(s => s.Id == id, ct);
        return session is not null && Access.CanSee(session) ? session : null;
    }
}
