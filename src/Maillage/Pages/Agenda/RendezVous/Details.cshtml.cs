using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.RendezVous;

/// <summary>One appointment: who, when, where, why; its status buttons and, once honoured, « Transformer en compte rendu ».</summary>
public sealed class DetailsModel(AppDbContext db, ScopeAccessor scopes, AppointmentStatusService service, AppointmentFiles files, TimeProvider clock) : AgendaPageModel(db, scopes)
{
    /// <summary>The linked named file, when the user may open it.</summary>
    public FileCandidate? Linked { get; private set; }

    public bool CanLinkFile => AppointmentFiles.CanLink(Access, Appointment) && Appointment.ActivityId is null;

    public Appointment Appointment { get; private set; } = null!;
    public string AdvisorName { get; private set; } = "";
    public DateTimeOffset Now { get; private set; }

    /// <summary>The record can be made by the advisor of the appointment only: a record belongs to who did the work.</summary>
    public bool CanTransform => Appointment.Status == AppointmentStatus.Honoured && Appointment.ActivityId is null && Appointment.AdvisorId == Access.UserId && Access.IsAdvisor;

    public bool Can(AppointmentStatus target) => AppointmentStatusService.Refusal(Appointment, target, Now) is null;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var appointment = await service.Readable(access).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null)
        {
            return NotFound();
        }

        Appointment = appointment;
        Now = clock.GetUtcNow();
        Linked = await files.LinkedAsync(access, appointment, ct);
        AdvisorName = await Db.Users.Where(u => u.Id == appointment.AdvisorId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        return Page();
    }
}
