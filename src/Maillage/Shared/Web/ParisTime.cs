namespace Maillage.Shared.Web;

/// <summary>Instants are stored in UTC and shown in Europe/Paris, whatever the server's time zone.</summary>
public static class ParisTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTimeOffset ToParis(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The instant a Paris day begins, in UTC (PostgreSQL's timestamptz takes UTC only).</summary>
    public static DateTimeOffset Midnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static string Format(DateTimeOffset instant) => ToParis(instant).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));

    public static string Format(DateTimeOffset? instant, string none) => instant is null ? none : Format(instant.Value);
}
