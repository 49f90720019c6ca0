using System.Globalization;
using Maillage.Shared.Web;

namespace Maillage.Features.Agenda.Booking;

/// <summary>Dates and times as the French read them: « mercredi 25 novembre 2026 à 9 h 30 ».</summary>
public static class BookingText
{
    public static CultureInfo French => AgendaText.French;

    public static string When(DateTimeOffset instant)
    {
        var local = ParisTime.ToParis(instant);
        return $"{local.ToString("dddd d MMMM yyyy", French)} à {Time(instant)}";
    }

    public static string Day(DateOnly day) => day.ToString("dddd d MMMM", French);

    public static string Time(DateTimeOffset instant) => AgendaText.Time(instant);

    /// <summary>The value of a slot in forms and links (UTC, round-trip, no characters to escape but « : »).</summary>
    public static string SlotValue(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseSlot(string? value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
}
