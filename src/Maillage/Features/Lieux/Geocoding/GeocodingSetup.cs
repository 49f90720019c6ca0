namespace Maillage.Features.Lieux.Geocoding;

public static class GeocodingSetup
{
    public static IServiceCollection AddMaillageGeocoding(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddSingleton<IGeocoder, NoGeocoder>();
        return services;
    }

    /// <summary>Placeholder until the BAN adapter and the commune-centre fallback are registered here.</summary>
    private sealed class NoGeocoder : IGeocoder
    {
        public Task<GeocodingResult?> GeocodeAsync(GeocodingQuery query, CancellationToken ct = default) => Task.FromResult<GeocodingResult?>(null);
    }
}
