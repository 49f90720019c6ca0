using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Ateliers;

/// <summary>The staff cancels a registration (a person who phoned), after a confirmation; the freed seat goes to the first waiting.</summary>
public sealed class DesinscrireModel(AppDbContext db, ScopeAccessor scopes, RegistrationService registrations, WorkshopMails mails) : StaffPage(db, scopes)
{
    public WorkshopSession Session { get; private set; } = null!;

    public Registration Registration { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, long registrationId, CancellationToken ct) => await LoadAsync(id, registrationId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, long registrationId, CancellationToken ct)
    {
        if (!await LoadAsync(id, registrationId, ct))
        {
            return NotFound();
        }

        var outcome = await registrations.CancelAsync(registrationId, CancelledBy.Staff, ct);
        if (outcome.Cancelled)
        {
            await mails.SendCancelledAsync(Registration, Session, ct);
            foreach (var promoted in outcome.Promoted)
            {
                await mails.SendPromotedAsync(promoted, Session, ct);
            }
        }

        TempData["Message"] = $"Inscription de {Registration.ContactName} annulée." + (outcome.Promoted.Count > 0 ? $" {string.Join(", ", outcome.Promoted.Select(p => p.ContactName))} passe de la liste d'attente aux inscrits." : "");
        return Redirect($"/agenda/ateliers/{id}");
    }

    private async Task<bool> LoadAsync(int id, long registrationId, CancellationToken ct)
    {
        if (await SessionAsync(id, ct) is not { } session || session.Status == WorkshopSessionStatus.Cancelled || session.AttendanceClosedAt is not null)
        {
            return false;
        }

        Session = session;
        var registration = await Db.Registrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId && r.WorkshopSessionId == id && r.Status != RegistrationStatus.Cancelled, ct);
        if (registration is null)
        {
            return false;
        }

        Registration = registration;
        return true;
    }
}
