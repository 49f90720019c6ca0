using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Agenda.Ateliers;

/// <summary>Cancelling a session, after a confirmation: registration closes and every person with an e-mail is told.</summary>
public sealed class AnnulerModel(AppDbContext db, ScopeAccessor scopes, SessionEditor editor, WorkshopMails mails) : StaffPage(db, scopes)
{
    public WorkshopSession Session { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await SessionAsync(id, ct) is not { } session || session.Status == WorkshopSessionStatus.Cancelled || session.AttendanceClosedAt is not null)
        {
            return NotFound();
        }

        Session = session;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await SessionAsync(id, ct) is not { } session)
        {
            return NotFound();
        }

        var notify = await editor.CancelAsync(Access, id, ct);
        if (notify is null)
        {
            return NotFound();
        }

        var sent = 0;
        foreach (var registration in notify)
        {
            sent += await mails.SendSessionCancelledAsync(registration, session, ct) ? 1 : 0;
        }

        var phones = notify.Count(r => r.ContactEmail is null);
        TempData["Message"] = $"Séance annulée. {sent} personne(s) prévenue(s) par e-mail" + (phones > 0 ? $" ; {phones} à prévenir par téléphone (voir la liste ci-dessous)." : ".");
        return Redirect($"/agenda/ateliers/{id}");
    }
}
