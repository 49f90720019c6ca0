using Maillage.Data;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda;

/// <summary>
/// Loads what <see cref="SlotCalculator"/> needs for one place (its bookable permanences, the absences of their advisors and
/// the place's closures, the live appointments) and computes the free slots. Used by the public page, the API and, inside the
/// booking's transaction, the final check of the chosen slot.
/// </summary>
public static class AgendaSlots
{
    public static async Task<IReadOnlyList<FreeSlot>> ForPlaceAsync(
        AppDbContext db, int placeId, AppointmentMotif motif, DateTimeOffset now, DateOnly? from = null, DateOnly? to = null,
        string? advisorId = null, CancellationToken ct = default)
    {
        var request = new SlotRequest(now, motif.DurationMinutes, TimeSpan.FromMinutes(motif.MinimumNoticeMinutes), motif.HorizonDays, from, to);
        var today = DateOnly.FromDateTime(ParisTime.ToParis(now).DateTime);
        var firstDay = from is { } f && f > today ? f : today;
        var lastDay = today.AddDays(motif.HorizonDays);
        if (to is { } t && t < lastDay)
        {
            lastDay = t;
        }

        if (lastDay < firstDay)
        {
            return [];
        }

        var permanences = db.Permanences.AsNoTracking()
            .Where(p => p.PlaceId == placeId && p.Mode == PermanenceMode.Appointment && p.AdvisorProfile!.IsActive)
            .Where(p => p.ValidFrom <= lastDay && (p.ValidUntil == null || p.ValidUntil >= firstDay));
        if (motif.OrganizationId is { } organizationId)
        {
            permanences = permanences.Where(p => p.AdvisorProfile!.OrganizationId == organizationId);
        }

        if (advisorId is not null)
        {
            permanences = permanences.Where(p => p.AdvisorId == advisorId);
        }

        // Two queries on one connection: renting it from the pool once per query costs more than the queries' own work.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var ranges = await permanences
                .Select(p => new PermanenceRange(p.Id, p.AdvisorId, p.Day, p.Start, p.End, p.ValidFrom, p.ValidUntil, true, p.ObservesPublicHolidays))
                .ToListAsync(ct);
            if (ranges.Count == 0)
            {
                return [];
            }

            var advisors = ranges.Select(r => r.AdvisorId).Distinct().ToList();

            // Window in instants, one day wide on each side for the Paris offset.
            var windowStart = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-1);
            var windowEnd = new DateTimeOffset(lastDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(2);
            var busy = await BusyAsync(db, placeId, advisors, windowStart, windowEnd, ct);
            return SlotCalculator.Compute(ranges, busy, request);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Appointments, absences and closures that take time from these advisors at this place, over the window.</summary>
    public static async Task<List<BusyInterval>> BusyAsync(
        AppDbContext db, int placeId, IReadOnlyCollection<string> advisors, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken ct)
    {
        // An appointment holds its advisor wherever it is: the same person cannot be at two places at once. Appointments and
        // sessions last less than a day, so a lower bound on Start lets the (advisor, start) index seek instead of reading the
        // advisor's whole history.
        var earliestStart = windowStart.AddDays(-1);
        // Workshop sessions an advisor runs hold them too: both in one round trip (UNION ALL).
        var appointments = db.Appointments
            .Where(a => advisors.Contains(a.AdvisorId) && a.Status != AppointmentStatus.Cancelled && a.Start >= earliestStart && a.Start < windowEnd && a.End > windowStart)
            .Select(a => new BusyRow { AdvisorId = a.AdvisorId, Start = a.Start, End = a.End, RepeatWeeklyUntil = null });
        var sessions = db.WorkshopSessionAdvisors
            .Where(w => advisors.Contains(w.AdvisorId) && w.Session!.Status == WorkshopSessionStatus.Scheduled && w.Session.Start >= earliestStart && w.Session.Start < windowEnd && w.Session.End > windowStart)
            .Select(w => new BusyRow { AdvisorId = w.AdvisorId, Start = w.Session!.Start, End = w.Session.End, RepeatWeeklyUntil = null });
        // Absences and closures come in the same round trip; a closure (no advisor) takes every advisor of the place.
        var firstDay = DateOnly.FromDateTime(windowStart.UtcDateTime);
        var absences = db.Absences
            .Where(a => (a.AdvisorId != null && advisors.Contains(a.AdvisorId)) || a.PlaceId == placeId)
            .Where(a => a.Start < windowEnd && (a.End > windowStart || (a.RepeatWeeklyUntil != null && a.RepeatWeeklyUntil >= firstDay)))
            .Select(a => new BusyRow { AdvisorId = a.AdvisorId, Start = a.Start, End = a.End, RepeatWeeklyUntil = a.RepeatWeeklyUntil });
        var rows = await appointments.Concat(sessions).Concat(absences).AsNoTracking().ToListAsync(ct);
        var busy = new List<BusyInterval>(rows.Count);
        foreach (var row in rows)
        {
            if (row.RepeatWeeklyUntil is null && row.AdvisorId is { } advisor)
            {
                busy.Add(new BusyInterval(advisor, row.Start, row.End));
                continue;
            }

            var targets = row.AdvisorId is { } one ? (IEnumerable<string>)[one] : advisors;
            foreach (var (start, end) in Occurrences(row.Start, row.End, row.RepeatWeeklyUntil, windowStart, windowEnd))
            {
                busy.AddRange(targets.Select(a => new BusyInterval(a, start, end)));
            }
        }

        return busy;
    }

    /// <summary>The occurrences of an absence within a window: once, or every week at the same Paris wall-clock times.</summary>
    public static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Occurrences(Absence absence, DateTimeOffset windowStart, DateTimeOffset windowEnd) =>
        Occurrences(absence.Start, absence.End, absence.RepeatWeeklyUntil, windowStart, windowEnd);

    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Occurrences(
        DateTimeOffset absenceStart, DateTimeOffset absenceEnd, DateOnly? repeatWeeklyUntil, DateTimeOffset windowStart, DateTimeOffset windowEnd)
    {
        if (repeatWeeklyUntil is not { } until)
        {
            if (absenceStart < windowEnd && absenceEnd > windowStart)
            {
                yield return (absenceStart, absenceEnd);
            }

            yield break;
        }

        var localStart = ParisTime.ToParis(absenceStart);
        var localEnd = ParisTime.ToParis(absenceEnd);
        var length = localEnd.DateTime - localStart.DateTime;
        for (var week = 0; ; week++)
        {
            var day = DateOnly.FromDateTime(localStart.DateTime).AddDays(7 * week);
            if (day > until)
            {
                yield break;
            }

            if (SlotCalculator.ToInstant(day, TimeOnly.FromDateTime(localStart.DateTime)) is not { } start)
            {
                continue;
            }

            if (start >= windowEnd)
            {
                yield break;
            }

            var end = start + length;
            if (end > windowStart)
            {
                yield return (start, end);
            }
        }
    }

    /// <summary>One row of the busy read: an appointment, a session or an absence (which may repeat or take a whole place).</summary>
    private sealed class BusyRow
    {
        public string? AdvisorId { get; init; }
        public DateTimeOffset Start { get; init; }
        public DateTimeOffset End { get; init; }
        public DateOnly? RepeatWeeklyUntil { get; init; }
    }
}
