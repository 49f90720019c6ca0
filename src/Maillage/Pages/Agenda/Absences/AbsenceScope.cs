using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Scoping;

namespace Maillage.Pages.Agenda.Absences;

/// <summary>Absences the user reads and changes: their own and their advisors'; closures of the places they manage.</summary>
public static class AbsenceScope
{
    public static IQueryable<Absence> Changeable(AppDbContext db, AgendaAccess access, UserScope scope)
    {
        var advisors = access.Profiles(db.AdvisorProfiles).Select(p => p.UserId);
        var self = access.UserId ?? "";
        var places = scope.CanManagePlaces ? scope.ManagedPlaces(db.Places).Select(p => p.Id) : db.Places.Where(p => false).Select(p => p.Id);
        return db.Absences.Where(a => (a.AdvisorId != null && (a.AdvisorId == self || advisors.Contains(a.AdvisorId))) || (a.AdvisorId == null && a.PlaceId != null && places.Contains(a.PlaceId.Value)));
    }
}
