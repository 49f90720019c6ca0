using System.Globalization;
using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Audit;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Absences;

/// <summary>Confirmation, then deletion of an absence or closure: its slots open again.</summary>
public sealed class SupprimerModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit) : AgendaPageModel(db, scopes)
{
    public Absence Absence { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var absence = await AbsenceScope.Changeable(Db, access, access.Activities.Scope).AsNoTracking().Include(a => a.Place).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (absence is null)
        {
            return NotFound();
        }

        Absence = absence;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var absence = await AbsenceScope.Changeable(Db, access, access.Activities.Scope).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (absence is null)
        {
            return NotFound();
        }

        Db.Absences.Remove(absence);
        audit.Record(AuditActions.AbsenceChanged, absence.AdvisorId is null ? "fermeture" : "absence", id.ToString(CultureInfo.InvariantCulture),
            $"Suppression : du {ParisTime.Format(absence.Start)} au {ParisTime.Format(absence.End)}");
        await Db.SaveChangesAsync(ct);
        TempData["Message"] = "Supprimée : les créneaux de cette période sont de nouveau proposés.";
        return Redirect("/agenda/absences");
    }
}
