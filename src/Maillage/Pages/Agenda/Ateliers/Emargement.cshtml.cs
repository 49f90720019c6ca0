using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Ateliers;

/// <summary>The attendance sheet: printable (names and a signature column), and tick boxes on a phone, saved without closing.</summary>
public sealed class EmargementModel(AppDbContext db, ScopeAccessor scopes, AttendanceService attendance) : StaffPage(db, scopes)
{
    public WorkshopSession Session { get; private set; } = null!;

    public List<Registration> Confirmed { get; private set; } = [];

    [BindProperty]
    public List<long> Present { get; set; } = [];

    [BindProperty]
    public int? WalkIns { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>« Enregistrer les présences ».</summary>
    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Session.AttendanceClosedAt is not null)
        {
            TempData["Message"] = "L'émargement est déjà clos.";
            return Redirect($"/agenda/ateliers/{id}");
        }

        await attendance.SaveTicksAsync(Access, id, Present, ct);
        TempData["Message"] = $"Présences enregistrées : {Present.Distinct().Count(p => Confirmed.Any(r => r.Id == p))} personne(s) cochée(s).";
        return Redirect($"/agenda/ateliers/{id}/emargement");
    }

    /// <summary>« Clore l'émargement… »: the ticks are saved, then the confirmation step.</summary>
    public async Task<IActionResult> OnPostCloreAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        await attendance.SaveTicksAsync(Access, id, Present, ct);
        return Redirect($"/agenda/ateliers/{id}/emargement/clore?sansInscription={Math.Max(0, WalkIns ?? 0)}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await SessionAsync(id, ct) is not { } session || session.Status == WorkshopSessionStatus.Cancelled)
        {
            return false;
        }

        Session = session;
        Confirmed = await Db.Registrations.AsNoTracking().Where(r => r.WorkshopSessionId == id && r.Status == RegistrationStatus.Confirmed)
            .OrderBy(r => r.ContactName).ToListAsync(ct);
        return true;
    }
}
