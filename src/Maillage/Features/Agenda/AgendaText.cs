using System.Globalization;
using Maillage.Shared.Web;

namespace Maillage.Features.Agenda;

/// <summary>Days, times and statuses as the French read them (« le mardi de 9 h à 12 h 30 »).</summary>
public static class AgendaText
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Monday first, as a French week.</summary>
    public static readonly IReadOnlyList<DayOfWeek> Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static string Day(DayOfWeek day) => French.DateTimeFormat.GetDayName(day);

    public static string Time(TimeOnly time) => time.Minute == 0 ? $"{time.Hour} h" : $"{time.Hour} h {time.Minute:00}";

    public static string Time(DateTimeOffset instant) => Time(TimeOnly.FromDateTime(ParisTime.ToParis(instant).DateTime));

    public static string Range(TimeOnly start, TimeOnly end) => $"de {Time(start)} à {Time(end)}";

    public static string Range(DateTimeOffset start, DateTimeOffset end) => $"{Time(start)} – {Time(end)}";

    /// <summary>« lundi 23 novembre 2026 ».</summary>
    public static string Date(DateOnly date) => date.ToString("dddd d MMMM yyyy", French);

    public static string ShortDate(DateOnly date) => date.ToString("ddd d MMM", French);

    public static DateOnly ParisDate(DateTimeOffset instant) => DateOnly.FromDateTime(ParisTime.ToParis(instant).DateTime);

    /// <summary>The Monday of the week holding <paramref name="date"/>.</summary>
    public static DateOnly Monday(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The first instant of a Paris day (midnight always exists in Paris), in UTC as PostgreSQL stores instants.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => SlotCalculator.ToInstant(date, TimeOnly.MinValue)!.Value.ToUniversalTime();

    public static string Status(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Booked => "À venir",
        AppointmentStatus.Honoured => "Honoré",
        AppointmentStatus.NoShow => "Absent",
        AppointmentStatus.Cancelled => "Annulé",
        _ => status.ToString(),
    };

    public static string StatusBadge(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Honoured => "badge badge-success",
        AppointmentStatus.NoShow => "badge badge-warning",
        AppointmentStatus.Cancelled => "badge badge-muted",
        _ => "badge",
    };

    public static string Mode(PermanenceMode mode) => mode == PermanenceMode.Appointment ? "Sur rendez-vous" : "Sans rendez-vous";

    public static string Minutes(int minutes) => minutes switch
    {
        < 60 => $"{minutes} min",
        _ when minutes % 60 == 0 => $"{minutes / 60} h",
        _ => $"{minutes / 60} h {minutes % 60:00}",
    };

    /// <summary>The no-show rate, absent / (honoured + absent), as « 12 % »; null when nothing was marked yet.</summary>
    public static string? Rate(double? rate) => rate is { } r ? $"{Math.Round(r * 100, MidpointRounding.AwayFromZero).ToString(French)} %" : null;
}
