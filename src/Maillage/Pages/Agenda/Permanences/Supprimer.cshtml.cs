using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Permanences;

/// <summary>Confirmation, then deletion (audited); booked appointments stay booked.</summary>
public sealed class SupprimerModel(AppDbContext db, ScopeAccessor scopes, PermanenceService service, TimeProvider clock) : AgendaPageModel(db, scopes)
{
    public Permanence Permanence { get; private set; } = null!;
    public int FutureAppointments { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var permanence = await service.Readable(access).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (permanence is null)
        {
            return NotFound();
        }

        Permanence = permanence;
        var now = clock.GetUtcNow();
        FutureAppointments = await Db.Appointments.CountAsync(a => a.PermanenceId == id && a.Status == AppointmentStatus.Booked && a.Start > now, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!await service.DeleteAsync(access, id, ct))
        {
            return NotFound();
        }

        TempData["Message"] = "La permanence a été supprimée.";
        return Redirect("/agenda/permanences");
    }
}
