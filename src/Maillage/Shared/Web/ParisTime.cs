namespace Maillage.Shared.Web;

/// <summary>Instants are stored in UTC and shown in Europe/Paris, whatever the server's time zone.</summary>
public static class ParisTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTimeOffset ToParis(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static string Format(DateTimeOffset instant) => ToParis(instant).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));

    public static string Format(DateTimeOffset? instant, string none) => instant is null ? none : Format(instant.Value);
}
