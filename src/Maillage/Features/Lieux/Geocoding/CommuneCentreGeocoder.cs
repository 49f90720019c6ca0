namespace Maillage.Features.Lieux.Geocoding;

/// <summary>
/// The offline geocoder: the centre of the commune the query designates (<see cref="CommuneCentres.FindCommune"/>),
/// whatever the street. Good enough to put a place in the right town and sort by distance, never to find its door:
/// hence the low score and the precision "commune".
/// </summary>
public sealed class CommuneCentreGeocoder : IGeocoder
{
    public const double Score = 0.2;

    public Task<GeocodingResult?> GeocodeAsync(GeocodingQuery query, CancellationToken ct = default) => Task.FromResult(Find(query));

    public static GeocodingResult? Find(GeocodingQuery query)
    {
        var commune = CommuneCentres.FindCommune(query.InseeCode, query.PostalCode, query.CommuneName);
        if (commune is null || !CommuneCentres.TryGetCentre(commune.Code, out var latitude, out var longitude))
        {
            return null;
        }

        var postalCodes = commune.PostalCodes?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var postalCode = query.PostalCode is { } asked && postalCodes.Contains(asked.Trim()) ? asked.Trim() : postalCodes.FirstOrDefault();
        return new GeocodingResult(latitude, longitude, GeocodingPrecisions.Commune, Score, commune.Name, commune.Code, postalCode, CoordinatesSources.Commune);
    }
}

/// <summary>The values of <see cref="GeocodingResult.Precision"/>, from the most to the least precise.</summary>
public static class GeocodingPrecisions
{
    public const string Address = "adresse";
    public const string Street = "rue";
    public const string Locality = "lieu-dit";
    public const string Commune = "commune";

    public static string Label(string precision) => precision switch
    {
        Address => "à l'adresse",
        Street => "à la rue",
        Locality => "au lieu-dit",
        Commune => "au centre de la commune",
        _ => precision,
    };
}
