using System.Globalization;
using Maillage.Data;
using Maillage.Shared.OpeningHours;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda;

/// <summary>
/// The agenda block of a place's public fiche: the advisors' drop-in hours there in plain French, whether one can book on
/// line, the coming closures and the next workshop sessions. Read-only, anonymous: only what the public may see (advisors'
/// public names, no appointment at all).
/// </summary>
public sealed record PlaceAgenda(
    int PlaceId,
    IReadOnlyList<PlaceAgenda.PermanenceLine> Permanences,
    bool CanBook,
    IReadOnlyList<string> Closures,
    IReadOnlyList<PlaceAgenda.SessionLine> Sessions)
{
    public const int SessionCount = 5;

    /// <summary>How far ahead the fiche announces closures.</summary>
    public const int ClosureDays = 30;

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>« Le lundi de 14 h à 17 h 30 », « sur rendez-vous », « avec Sami C. », « jusqu'au 31 décembre 2026 ».</summary>
    public sealed record PermanenceLine(string When, bool ByAppointment, string Advisor, string? Validity, string? Notes);

    public sealed record SessionLine(int Id, string Title, string When, int SeatsLeft, bool RegistrationOpen);

    public bool IsEmpty => Permanences.Count == 0 && Sessions.Count == 0;

    public string BookingUrl => $"/rendez-vous?lieu={PlaceId}";

    public static async Task<PlaceAgenda> LoadAsync(AppDbContext db, int placeId, DateTimeOffset now, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(ParisTime.ToParis(now).DateTime);
        var permanences = await db.Permanences.AsNoTracking()
            .Where(p => p.PlaceId == placeId && p.AdvisorProfile!.IsActive && (p.ValidUntil == null || p.ValidUntil >= today))
            .Select(p => new { p.Day, p.Start, p.End, p.Mode, p.ValidFrom, p.ValidUntil, p.Notes, p.AdvisorProfile!.PublicName })
            .ToListAsync(ct);
        var lines = permanences
            .OrderBy(p => ((int)p.Day + 6) % 7).ThenBy(p => p.Start).ThenBy(p => p.PublicName, StringComparer.Create(French, false))
            .Select(p => new PermanenceLine(
                $"Le {OpeningHoursText.DayName(p.Day).ToLower(French)} de {Clock(p.Start)} à {Clock(p.End)}",
                p.Mode == PermanenceMode.Appointment,
                p.PublicName,
                Validity(p.ValidFrom, p.ValidUntil, today),
                p.Notes))
            .ToList();

        // Bookable = at least one appointment range that has begun or begins within the usual horizon.
        var canBook = permanences.Any(p => p.Mode == PermanenceMode.Appointment && p.ValidFrom <= today.AddDays(30));

        var horizon = now.AddDays(ClosureDays);
        var closures = (await db.Absences.AsNoTracking()
                .Where(a => a.PlaceId == placeId && a.AdvisorId == null && a.Start < horizon && (a.End > now || (a.RepeatWeeklyUntil != null && a.RepeatWeeklyUntil >= today)))
                .ToListAsync(ct))
            .SelectMany(a => AgendaSlots.Occurrences(a, now, horizon).Select(o => (o.Start, o.End, a.Reason)))
            .OrderBy(o => o.Start)
            .Take(5)
            .Select(o => ClosureText(o.Start, o.End, o.Reason))
            .ToList();

        var sessions = await db.WorkshopSessions.AsNoTracking()
            .Where(s => s.PlaceId == placeId && s.Status == WorkshopSessionStatus.Scheduled && s.Start > now)
            .OrderBy(s => s.Start).ThenBy(s => s.Id)
            .Take(SessionCount)
            .Select(s => new { s.Id, s.WorkshopType!.Title, s.Start, s.End, s.Capacity, s.ConfirmedCount, s.RegistrationOpen })
            .ToListAsync(ct);

        return new PlaceAgenda(
            placeId,
            lines,
            canBook,
            closures,
            sessions.Select(s => new SessionLine(s.Id, s.Title, SessionText(s.Start, s.End), Math.Max(0, s.Capacity - s.ConfirmedCount), s.RegistrationOpen)).ToList());
    }

    public static string Clock(TimeOnly time) => OpeningHoursText.Clock((time.Hour * 60) + time.Minute);

    /// <summary>« le mercredi 2 décembre de 10 h à 12 h ».</summary>
    public static string SessionText(DateTimeOffset start, DateTimeOffset end)
    {
        var localStart = ParisTime.ToParis(start).DateTime;
        var localEnd = ParisTime.ToParis(end).DateTime;
        return $"le {localStart.ToString("dddd d MMMM", French)} de {Clock(TimeOnly.FromDateTime(localStart))} à {Clock(TimeOnly.FromDateTime(localEnd))}";
    }

    /// <summary>The seats left, for the public: « Complet : liste d'attente », « 1 place restante », « 5 places restantes ».</summary>
    public static string SeatsText(SessionLine session) => session switch
    {
        { RegistrationOpen: false } => "Inscriptions fermées",
        { SeatsLeft: 0 } => "Complet : inscription sur liste d'attente",
        { SeatsLeft: 1 } => "1 place restante",
        _ => $"{session.SeatsLeft} places restantes",
    };

    private static string? Validity(DateOnly from, DateOnly? until, DateOnly today) => (from > today, until) switch
    {
        (true, { } u) => $"du {Day(from)} au {Day(u)}",
        (true, null) => $"à partir du {Day(from)}",
        (false, { } u) => $"jusqu'au {Day(u)}",
        _ => null,
    };

    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", French);

    private static string ClosureText(DateTimeOffset start, DateTimeOffset end, string? reason)
    {
        var localStart = ParisTime.ToParis(start).DateTime;
        var localEnd = ParisTime.ToParis(end).DateTime;
        var text = localStart.Date == localEnd.Date || (localEnd.TimeOfDay == TimeSpan.Zero && localEnd.Date == localStart.Date.AddDays(1))
            ? $"Le {localStart.ToString("dddd d MMMM", French)}, de {Clock(TimeOnly.FromDateTime(localStart))} à {Clock(TimeOnly.FromDateTime(localEnd))}"
            : $"Du {localStart.ToString("dddd d MMMM", French)} au {localEnd.ToString("dddd d MMMM", French)}";
        return reason is null ? text : $"{text} ({reason})";
    }
}
