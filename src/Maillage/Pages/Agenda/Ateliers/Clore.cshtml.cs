using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Ateliers;

/// <summary>The confirmation of « Clore l'émargement »: makes the collective activity record, once.</summary>
public sealed class CloreModel(AppDbContext db, ScopeAccessor scopes, AttendanceService attendance) : StaffPage(db, scopes)
{
    public WorkshopSession Session { get; private set; } = null!;

    public int Attended { get; private set; }

    [BindProperty(SupportsGet = true, Name = "sansInscription")]
    public int WalkIns { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Session.AttendanceClosedAt is not null)
        {
            TempData["Message"] = "L'émargement est déjà clos : le compte rendu existe.";
            return Redirect($"/agenda/ateliers/{id}");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var result = await attendance.CloseAsync(Access, id, WalkIns, ct);
        switch (result.Status)
        {
            case AttendanceCloseStatus.Closed:
                TempData["Message"] = "Émargement clos : le compte rendu de l'atelier est enregistré dans vos activités.";
                return Redirect($"/activites/{result.ActivityId}");
            case AttendanceCloseStatus.AlreadyClosed:
                TempData["Message"] = "L'émargement était déjà clos : aucune nouvelle activité n'a été créée.";
                return Redirect($"/agenda/ateliers/{id}");
            case AttendanceCloseStatus.NotFound:
                return NotFound();
            default:
                foreach (var (key, messages) in result.Errors)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(key == "WalkIns" ? "sansInscription" : "", message);
                    }
                }

                return Page();
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await SessionAsync(id, ct) is not { } session || session.Status == WorkshopSessionStatus.Cancelled)
        {
            return false;
        }

        Session = session;
        Attended = await Db.Registrations.CountAsync(r => r.WorkshopSessionId == id && r.Status == RegistrationStatus.Confirmed && r.Attended == true, ct);
        return true;
    }
}
