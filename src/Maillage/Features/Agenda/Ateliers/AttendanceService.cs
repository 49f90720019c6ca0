using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Audit;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Ateliers;

public enum AttendanceCloseStatus
{
    Closed,

    /// <summary>Closed before: nothing created, the existing record is named.</summary>
    AlreadyClosed,
    Invalid,
    NotFound,
}

public sealed record AttendanceCloseResult(AttendanceCloseStatus Status, long? ActivityId, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// The attendance sheet: ticks of the confirmed registrations, then « Clore l'émargement », which makes the collective activity
/// record through <see cref="ActivityService"/> exactly once: the session is claimed by a conditional update (AttendanceClosedAt
/// still null) before the record is created, and released if the record could not be made.
/// </summary>
public sealed class AttendanceService(AppDbContext db, ActivityService activities, AuditLog audit, TimeProvider clock)
{
    public const int MaxWalkIns = 200;

    /// <summary>Saves the ticks (present / not) of the session's confirmed registrations; false when closed or out of scope.</summary>
    public async Task<bool> SaveTicksAsync(ActivityAccess access, int sessionId, IReadOnlyCollection<long> attended, CancellationToken ct = default)
    {
        var session = await db.WorkshopSessions.AsNoTracking().Include(s => s.Advisors).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || !access.CanSee(session) || session.AttendanceClosedAt is not null)
        {
            return false;
        }

        var present = attended.ToList();
        var live = db.Registrations.Where(r => r.WorkshopSessionId == sessionId && r.Status == RegistrationStatus.Confirmed);
        await live.Where(r => present.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Attended, true), ct);
        await live.Where(r => !present.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Attended, false), ct);
        return true;
    }

    public async Task<AttendanceCloseResult> CloseAsync(ActivityAccess access, int sessionId, int walkIns, CancellationToken ct = default)
    {
        static AttendanceCloseResult Invalid(string key, string message) => new(AttendanceCloseStatus.Invalid, null, new Dictionary<string, string[]> { [key] = [message] });

        var session = await db.WorkshopSessions.AsNoTracking().Include(s => s.Advisors).Include(s => s.WorkshopType)
            .FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || !access.CanSee(session))
        {
            return new(AttendanceCloseStatus.NotFound, null, new Dictionary<string, string[]>());
        }

        if (session.AttendanceClosedAt is not null)
        {
            return new(AttendanceCloseStatus.AlreadyClosed, session.ActivityId, new Dictionary<string, string[]>());
        }

        if (session.Status == WorkshopSessionStatus.Cancelled)
        {
            return Invalid("", "Cette séance est annulée : il n'y a pas d'émargement à clore.");
        }

        var now = clock.GetUtcNow();
        if (session.Start > now)
        {
            return Invalid("", "L'émargement se clôt une fois la séance commencée.");
        }

        if (!access.RecordingOrganizationIds.Contains(session.OrganizationId))
        {
            return Invalid("", "Seul un conseiller ou une conseillère de la structure qui organise la séance clôt l'émargement : le compte rendu est enregistré à son nom.");
        }

        if (walkIns is < 0 or > MaxWalkIns)
        {
            return Invalid("WalkIns", $"Le nombre de participants venus sans inscription doit être compris entre 0 et {MaxWalkIns}.");
        }

        var present = await db.Registrations.AsNoTracking()
            .Where(r => r.WorkshopSessionId == sessionId && r.Status == RegistrationStatus.Confirmed && r.Attended == true)
            .Select(r => r.BeneficiaryId).ToListAsync(ct);
        var named = present.OfType<long>().Distinct().ToList();
        var type = session.WorkshopType!;
        var input = new ActivityInput
        {
            Type = ActivityType.Collective,
            OrganizationId = session.OrganizationId,
            Date = DateOnly.FromDateTime(ParisTime.ToParis(session.Start).DateTime),
            DurationMinutes = (int)Math.Clamp((session.End - session.Start).TotalMinutes, ActivityLabels.MinDurationMinutes, ActivityLabels.MaxDurationMinutes),
            Location = ActivityLocation.Place,
            PlaceId = session.PlaceId,
            Themes = [.. ActivityLabels.All<ActivityTheme>().Select(t => t.Value).Where(t => t != 0 && type.Themes.HasFlag(t))],
            WorkshopTitle = type.Title,
            WorkshopLevel = type.Level,
            ParticipantIds = named,
            AnonymousParticipants = present.Count - named.Count + walkIns,
            Notes = $"Séance d'atelier n° {session.Id} du {ParisTime.Format(session.Start)} : {present.Count} inscrits présents, {walkIns} sans inscription.",
        };
        if (input.ParticipantIds.Count + input.AnonymousParticipants == 0)
        {
            return Invalid("WalkIns", "Personne n'est coché présent : cochez les personnes venues ou indiquez le nombre de participants venus sans inscription.");
        }

        var errors = await activities.ValidateAsync(session.OrganizationId, input, previousPlaceId: null, ct);
        if (errors.Count > 0)
        {
            return new(AttendanceCloseStatus.Invalid, null, errors);
        }

        // The claim: one close wins, a second (double click, another advisor) finds the session closed.
        var claimed = await db.WorkshopSessions.Where(s => s.Id == sessionId && s.AttendanceClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AttendanceClosedAt, now), ct);
        if (claimed == 0)
        {
            var activityId = await db.WorkshopSessions.Where(s => s.Id == sessionId).Select(s => s.ActivityId).FirstOrDefaultAsync(ct);
            return new(AttendanceCloseStatus.AlreadyClosed, activityId, new Dictionary<string, string[]>());
        }

        ActivitySaveResult saved;
        try
        {
            saved = await activities.CreateAsync(access, input, idempotencyKey: $"atelier-seance-{session.Id}", ct);
        }
        catch
        {
            await ReleaseAsync(sessionId);
            throw;
        }

        if (!saved.Succeeded)
        {
            await ReleaseAsync(sessionId);
            return new(AttendanceCloseStatus.Invalid, null, saved.Errors);
        }

        var id = saved.Activity!.Id;
        await db.WorkshopSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ActivityId, id), ct);
        audit.Record(AuditActions.AttendanceClosed, "seance", sessionId.ToString(CultureInfo.InvariantCulture), $"{type.Title} : {input.ParticipantIds.Count + input.AnonymousParticipants} participants, activité n° {id}");
        await db.SaveChangesAsync(ct);
        return new(AttendanceCloseStatus.Closed, id, new Dictionary<string, string[]>());
    }

    private Task<int> ReleaseAsync(int sessionId) =>
        db.WorkshopSessions.Where(s => s.Id == sessionId && s.ActivityId == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.AttendanceClosedAt, (DateTimeOffset?)null));
}
