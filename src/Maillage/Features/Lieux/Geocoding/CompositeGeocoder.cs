namespace Maillage.Features.Lieux.Geocoding;

/// <summary>
/// The application's <see cref="IGeocoder"/>: the BAN when configured online, then the commune centre when the BAN
/// is unreachable or finds nothing it trusts; the commune centre alone when offline.
/// </summary>
public sealed class CompositeGeocoder(BanGeocoder? ban, CommuneCentreGeocoder communes) : IGeocoder
{
    public bool IsOnline => ban is not null;

    public async Task<GeocodingResult?> GeocodeAsync(GeocodingQuery query, CancellationToken ct = default) =>
        (ban is null ? null : await ban.GeocodeAsync(query, ct)) ?? await communes.GeocodeAsync(query, ct);
}
