namespace Maillage.Features.Lieux.Geocoding;

/// <summary>What a geocoder is asked: a postal address, with the commune's INSEE code when known to narrow the search.</summary>
public sealed record GeocodingQuery(string Address, string? PostalCode, string? CommuneName, string? InseeCode);

/// <summary>
/// A position found for an address. <see cref="Precision"/> tells how far to trust it: "adresse" (the house number),
/// "rue", "lieu-dit", or "commune" (the commune's centre, from the offline fallback).
/// </summary>
public sealed record GeocodingResult(double Latitude, double Longitude, string Precision, double Score, string Label, string? InseeCode, string? PostalCode, string Provider);

/// <summary>Address → coordinates. The BAN adapter when configured online, the commune-centre fallback otherwise.</summary>
public interface IGeocoder
{
    /// <summary>The best match, or null when nothing matches. Never throws for a network failure: it falls back or returns null.</summary>
    Task<GeocodingResult?> GeocodeAsync(GeocodingQuery query, CancellationToken ct = default);
}

/// <summary>Where a place's coordinates come from: shown to coordinators, and a hand-placed pin is never overwritten by geocoding.</summary>
public static class CoordinatesSources
{
    public const string Import = "import";
    public const string Ban = "ban";
    public const string Commune = "commune";
    public const string Manual = "manuel";

    public static string Label(string? source) => source switch
    {
        Import => "Fichier importé",
        Ban => "Base adresse nationale",
        Commune => "Centre de la commune (approximatif)",
        Manual => "Placé à la main sur la carte",
        _ => "Inconnue",
    };
}
