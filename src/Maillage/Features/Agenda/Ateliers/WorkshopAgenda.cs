using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Ateliers;

/// <summary>One upcoming session as the public agenda and the public API show it.</summary>
public sealed record PublicSession(
    int Id,
    string Title,
    ActivityTheme Themes,
    WorkshopLevel Level,
    string? Audience,
    DateTimeOffset Start,
    DateTimeOffset End,
    int PlaceId,
    string PlaceName,
    string CommuneName,
    string? CommuneCode,
    int Capacity,
    int ConfirmedCount,
    bool RegistrationOpen)
{
    public int SeatsLeft => Math.Max(0, Capacity - ConfirmedCount);
}

/// <summary>Filters of the public agenda: a theme, a commune (INSEE code), a week (its Monday, Paris time).</summary>
public sealed record AgendaFilter(ActivityTheme? Theme, string? CommuneCode, DateOnly? Week);

/// <summary>The public agenda of workshop sessions: upcoming, scheduled sessions, soonest first; one query per page.</summary>
public static class WorkshopAgenda
{
    public const int PageSize = 20;
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static IQueryable<WorkshopSession> Upcoming(AppDbContext db, DateTimeOffset now) =>
        db.WorkshopSessions.AsNoTracking().Where(s => s.Status == WorkshopSessionStatus.Scheduled && s.End > now && s.Place!.MergedIntoId == null);

    public static IQueryable<WorkshopSession> Filter(IQueryable<WorkshopSession> query, AgendaFilter filter)
    {
        if (filter.Theme is { } theme && theme != 0)
        {
            query = query.Where(s => (s.WorkshopType!.Themes & theme) == theme);
        }

        if (!string.IsNullOrWhiteSpace(filter.CommuneCode))
        {
            var code = filter.CommuneCode.Trim();
            query = query.Where(s => s.Place!.InseeCode == code);
        }

        if (filter.Week is { } monday)
        {
            var from = MondayStart(monday);
            var to = MondayStart(monday.AddDays(7));
            query = query.Where(s => s.Start >= from && s.Start < to);
        }

        return query;
    }

    public static IQueryable<PublicSession> Project(IQueryable<WorkshopSession> query) =>
        query.Select(s => new PublicSession(s.Id, s.WorkshopType!.Title, s.WorkshopType.Themes, s.WorkshopType.Level, s.WorkshopType.Audience, s.Start, s.End,
            s.PlaceId, s.Place!.Name, s.Place.CommuneName, s.Place.InseeCode, s.Capacity, s.ConfirmedCount, s.RegistrationOpen));

    public static async Task<Paged<PublicSession>> PageAsync(AppDbContext db, DateTimeOffset now, AgendaFilter filter, int page, int pageSize, CancellationToken ct)
    {
        var query = Filter(Upcoming(db, now), filter);
        var total = await query.CountAsync(ct);
        var items = await Project(query.OrderBy(s => s.Start).ThenBy(s => s.Id)).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<PublicSession>(items, page, pageSize, total);
    }

    /// <summary>The communes that have upcoming sessions, for the filter.</summary>
    public static async Task<List<(string Code, string Name)>> CommunesAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await Upcoming(db, now).Select(s => new { s.Place!.InseeCode, s.Place.CommuneName }).Distinct().ToListAsync(ct);
        return [.. rows.Where(c => c.InseeCode != null).OrderBy(c => c.CommuneName, StringComparer.Create(French, true)).Select(c => (c.InseeCode!, c.CommuneName))];
    }

    /// <summary>The Monday of the week of <paramref name="day"/>.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The next weeks a person may pick: this one and the following <paramref name="count"/> − 1.</summary>
    public static IReadOnlyList<(DateOnly Monday, string Label)> Weeks(DateTimeOffset now, int count = 8)
    {
        var monday = MondayOf(DateOnly.FromDateTime(ParisTime.ToParis(now).DateTime));
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var m = monday.AddDays(7 * i);
            return (m, i switch
            {
                0 => "Cette semaine",
                1 => "La semaine prochaine",
                _ => $"Semaine du {m.ToString("d MMMM", French)}",
            });
        })];
    }

    public static string Day(DateTimeOffset start) => ParisTime.ToParis(start).ToString("dddd d MMMM", French);

    public static string Hours(DateTimeOffset start, DateTimeOffset end) => $"{ParisTime.ToParis(start):HH\\:mm} – {ParisTime.ToParis(end):HH\\:mm}";

    private static DateTimeOffset MondayStart(DateOnly monday)
    {
        var local = monday.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, ParisTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
