using Maillage.Data;
using Maillage.Shared.OpeningHours;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Conseillers;

public enum AgendaItemKind
{
    Permanence,
    Appointment,
    Workshop,
    Absence,
}

/// <summary>One line of a day in the agenda: a permanence range, an appointment, a workshop session, an absence or closure.</summary>
public sealed record AgendaItem(
    AgendaItemKind Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Title,
    string? Detail,
    string? Href,
    AppointmentStatus? Status = null,
    string? Contact = null,
    string? Message = null,
    string? Person = null,
    string? Motif = null);

public sealed record AgendaDay(DateOnly Date, string? Holiday, IReadOnlyList<AgendaItem> Items);

/// <summary>
/// The days of one advisor's agenda: their permanences as they fall on each day (holidays observed), their appointments
/// (every status), the workshop sessions they run, their absences and the closures of the places of their permanences.
/// </summary>
public static class AgendaView
{
    public static async Task<IReadOnlyList<AgendaDay>> LoadAsync(AppDbContext db, string advisorId, DateOnly first, int days, CancellationToken ct)
    {
        var last = first.AddDays(days - 1);
        var from = AgendaText.StartOf(first);
        var to = AgendaText.StartOf(last.AddDays(1));

        var permanences = await db.Permanences.AsNoTracking()
            .Where(p => p.AdvisorId == advisorId && p.ValidFrom <= last && (p.ValidUntil == null || p.ValidUntil >= first))
            .Select(p => new { p.Id, p.Day, p.Start, p.End, p.ValidFrom, p.ValidUntil, p.Mode, p.ObservesPublicHolidays, p.PlaceId, Place = p.Place!.Name })
            .ToListAsync(ct);
        var appointments = await db.Appointments.AsNoTracking()
            .Where(a => a.AdvisorId == advisorId && a.Start >= from && a.Start < to)
            .Select(a => new { a.Id, a.Start, a.End, a.Status, Motif = a.Motif!.Name, Place = a.Place!.Name, a.ContactName, a.ContactPhone, a.ContactEmail, a.Message })
            .ToListAsync(ct);
        var sessions = await db.WorkshopSessionAdvisors.AsNoTracking()
            .Where(w => w.AdvisorId == advisorId && w.Session!.Status == WorkshopSessionStatus.Scheduled && w.Session.Start >= from && w.Session.Start < to)
            .Select(w => new { w.Session!.Id, w.Session.Start, w.Session.End, Title = w.Session.WorkshopType!.Title, Place = w.Session.Place!.Name, w.Session.ConfirmedCount, w.Session.Capacity })
            .ToListAsync(ct);
        var placeIds = permanences.Select(p => p.PlaceId).Distinct().ToList();
        var absences = await db.Absences.AsNoTracking().Include(a => a.Place)
            .Where(a => a.AdvisorId == advisorId || (a.AdvisorId == null && a.PlaceId != null && placeIds.Contains(a.PlaceId.Value)))
            .Where(a => a.Start < to && (a.End > from || (a.RepeatWeeklyUntil != null && a.RepeatWeeklyUntil >= first)))
            .ToListAsync(ct);

        var items = new List<(DateOnly Day, AgendaItem Item)>();
        foreach (var a in appointments)
        {
            var contact = string.Join(" · ", new[] { a.ContactPhone is { } phone ? ContactRules.FormatPhone(phone) : null, a.ContactEmail }.OfType<string>());
            items.Add((AgendaText.ParisDate(a.Start), new AgendaItem(AgendaItemKind.Appointment, a.Start, a.End, $"{a.ContactName} : {a.Motif}", a.Place, $"/agenda/rendez-vous/{a.Id}", a.Status, contact, a.Message, a.ContactName, a.Motif)));
        }

        foreach (var s in sessions)
        {
            items.Add((AgendaText.ParisDate(s.Start), new AgendaItem(AgendaItemKind.Workshop, s.Start, s.End, $"Atelier : {s.Title}", $"{s.Place} · {s.ConfirmedCount} inscrit·es sur {s.Capacity}", $"/agenda/ateliers/{s.Id}/emargement")));
        }

        foreach (var absence in absences)
        {
            var title = absence.AdvisorId is null ? $"Fermeture : {absence.Place?.Name}" : "Absence";
            foreach (var (start, end) in AgendaSlots.Occurrences(absence, from, to))
            {
                // An absence over several days shows on each of them.
                for (var day = AgendaText.ParisDate(start); day <= last && AgendaText.StartOf(day) < end; day = day.AddDays(1))
                {
                    if (day >= first)
                    {
                        items.Add((day, new AgendaItem(AgendaItemKind.Absence, start, end, title, absence.Reason, null)));
                    }
                }
            }
        }

        var result = new List<AgendaDay>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var holiday = FrenchPublicHolidays.NameOf(day);
            var dayItems = items.Where(i => i.Day == day).Select(i => i.Item).ToList();
            foreach (var p in permanences.Where(p => p.Day == day.DayOfWeek && p.ValidFrom <= day && (p.ValidUntil == null || p.ValidUntil >= day)))
            {
                if (SlotCalculator.ToInstant(day, p.Start) is not { } start || SlotCalculator.ToInstant(day, p.End) is not { } end)
                {
                    continue;
                }

                var closed = holiday is not null && p.ObservesPublicHolidays;
                dayItems.Add(new AgendaItem(AgendaItemKind.Permanence, start, end, $"Permanence {AgendaText.Mode(p.Mode).ToLowerInvariant()}{(closed ? " (fermée : jour férié)" : "")}", p.Place, $"/agenda/permanences/{p.Id}/modifier"));
            }

            result.Add(new AgendaDay(day, holiday, [.. dayItems.OrderBy(i => i.Start).ThenBy(i => i.Kind)]));
        }

        return result;
    }
}
