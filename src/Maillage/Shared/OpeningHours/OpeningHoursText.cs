using System.Globalization;
using Maillage.Shared.Web;

namespace Maillage.Shared.OpeningHours;

/// <summary>French plain-language rendering of a <see cref="WeeklySchedule"/> for the public.</summary>
public static class OpeningHoursText
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>
    /// One line for "now": « Ouvert maintenant · ferme à 18 h », « Fermé · ouvre mardi à 9 h »,
    /// « Ouvert 24 h/24, 7 j/7 ».
    /// </summary>
    public static string StatusLine(WeeklySchedule schedule, DateTimeOffset now)
    {
        if (schedule.IsAlwaysOpen)
        {
            return "Ouvert 24 h/24, 7 j/7";
        }

        var isOpen = schedule.IsOpenAt(now);
        var next = schedule.NextChange(now);
        var head = isOpen ? "Ouvert maintenant" : "Fermé";
        if (next is null)
        {
            return head;
        }

        return $"{head} · {(isOpen ? "ferme" : "ouvre")} {When(now, next.Value)}";
    }

    /// <summary>One line per weekday, Monday first (« Lundi : 9 h – 12 h, 14 h – 18 h 30 », « Samedi : fermé »), then public holidays if the hours speak of them.</summary>
    public static IReadOnlyList<string> WeeklyLines(WeeklySchedule schedule)
    {
        var lines = WeeklySchedule.Week.Select(day => $"{DayName(day)} : {Ranges(schedule[day])}").ToList();
        if (schedule.PublicHolidays.Mode != PublicHolidayMode.Unspecified)
        {
            lines.Add($"Jours fériés : {Ranges(schedule.PublicHolidays.Ranges)}");
        }

        return lines;
    }

    /// <summary>« Lundi », « Mardi »…</summary>
    public static string DayName(DayOfWeek day) => French.TextInfo.ToTitleCase(French.DateTimeFormat.GetDayName(day));

    /// <summary>« 9 h », « 12 h 30 », « minuit » (for 0 and 1440).</summary>
    public static string Clock(int minutes)
    {
        var hours = minutes / 60 % 24;
        var rest = minutes % 60;
        return (hours, rest) switch
        {
            (0, 0) => "minuit",
            (_, 0) => string.Create(CultureInfo.InvariantCulture, $"{hours} h"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{hours} h {rest:00}"),
        };
    }

    private static string Ranges(IReadOnlyList<TimeRange> ranges) => ranges switch
    {
        [] => "fermé",
        [{ IsWholeDay: true }] => "ouvert 24 h/24",
        _ => string.Join(", ", ranges.Select(r => $"{(r.StartMinute == 0 ? "0 h" : Clock(r.StartMinute))} – {Clock(r.EndMinute)}")),
    };

    /// <summary>« à 14 h » today, « demain à 9 h », « mardi à 9 h » within the week, « le mardi 12 mai à 9 h » beyond.</summary>
    private static string When(DateTimeOffset now, DateTimeOffset change)
    {
        var localNow = TimeZoneInfo.ConvertTime(now, ParisTime.Zone).DateTime;
        var local = TimeZoneInfo.ConvertTime(change, ParisTime.Zone).DateTime;
        var minutes = (local.Hour * 60) + local.Minute;
        var date = DateOnly.FromDateTime(local);
        if (minutes == 0)
        {
            // Midnight belongs to the evening before: "ferme à minuit", not "ferme demain à minuit".
            date = date.AddDays(-1);
        }

        var days = date.DayNumber - DateOnly.FromDateTime(localNow).DayNumber;
        var time = minutes == 0 ? "minuit" : Clock(minutes);
        return days switch
        {
            <= 0 => $"à {time}",
            1 => $"demain à {time}",
            < 7 => $"{French.DateTimeFormat.GetDayName(date.DayOfWeek)} à {time}",
            _ => $"le {date.ToString("dddd d MMMM", French)} à {time}",
        };
    }
}
