using Maillage.Data;
using Maillage.Features.Accompagnements;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Conseillers;

/// <summary>
/// « Transformer en compte rendu »: an honoured appointment opens the activity form pre-filled (date, place, the motif's
/// length and theme, the person's named file when one is linked), and the saved record is linked back to it, once. Only the advisor who held it records it.
/// </summary>
public static class AppointmentRecords
{
    /// <summary>Fills <paramref name="input"/> from the appointment; false when it is not the user's honoured, unrecorded appointment.</summary>
    public static async Task<bool> PrefillAsync(AppDbContext db, ActivityAccess access, long appointmentId, ActivityInput input, CancellationToken ct)
    {
        var self = access.UserId ?? "";
        var appointment = await db.Appointments.AsNoTracking().Include(a => a.Motif)
            .FirstOrDefaultAsync(a => a.Id == appointmentId && a.AdvisorId == self && a.Status == AppointmentStatus.Honoured && a.ActivityId == null, ct);
        if (appointment is null || !access.RecordingOrganizationIds.Contains(appointment.OrganizationId))
        {
            return false;
        }

        input.Type = ActivityType.Individual;
        input.OrganizationId = appointment.OrganizationId;
        input.Date = AgendaText.ParisDate(appointment.Start);
        input.DurationMinutes = appointment.Motif!.DurationMinutes;
        input.Location = ActivityLocation.Place;
        input.PlaceId = appointment.PlaceId;
        input.LocationCommuneCode = null;
        input.Themes = [.. ActivityLabels.All<ActivityTheme>().Select(t => t.Value).Where(t => t != ActivityTheme.None && appointment.Motif.Theme.HasFlag(t))];
        input.ProcedureFamilies = [];
        input.ProcedureName = null;
        // The linked named file, if the advisor may still open it (a file erased since leaves the record anonymous).
        input.BeneficiaryId = appointment.BeneficiaryId is { } fileId
            && await access.Beneficiaries(db.Beneficiaries.AsNoTracking()).AnyAsync(b => b.Id == fileId && b.OrganizationId == appointment.OrganizationId && b.AnonymisedAt == null, ct)
            ? fileId
            : null;
        input.Notes = null;
        return true;
    }

    /// <summary>Links the saved record to the appointment, unless another record was linked first.</summary>
    public static Task<int> LinkAsync(AppDbContext db, ActivityAccess access, long appointmentId, long activityId, CancellationToken ct)
    {
        var self = access.UserId ?? "";
        return db.Appointments
            .Where(a => a.Id == appointmentId && a.AdvisorId == self && a.Status == AppointmentStatus.Honoured && a.ActivityId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ActivityId, activityId).SetProperty(a => a.Version, a => a.Version + 1), ct);
    }
}
