using System.Reflection;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Lieux.Geocoding;

public static class GeocodingSetup
{
    /// <summary>
    /// Registers <see cref="IGeocoder"/>: BAN then commune centre when Geocodage:Ban:Url is set, commune centre only
    /// otherwise (the default: an instance works without any outside service).
    /// </summary>
    public static IServiceCollection AddMaillageGeocoding(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BanGeocoderOptions>(configuration.GetSection(BanGeocoderOptions.Section));
        services.AddSingleton<CommuneCentreGeocoder>();
        var online = configuration.GetSection(BanGeocoderOptions.Section).Get<BanGeocoderOptions>()?.IsOnline == true;
        if (online)
        {
            services.AddHttpClient(BanGeocoder.HttpClientName, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<BanGeocoderOptions>>().Value;
                client.BaseAddress = new Uri(options.Url!.Trim().TrimEnd('/') + "/");
                client.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
                client.MaxResponseContentBufferSize = 1024 * 1024;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent(configuration["PublicUrl"]));
            })
            // The default handler logs every request URL (with the address asked) at Information level.
            .RemoveAllLoggers();
            services.AddSingleton<BanGeocoder>();
        }

        services.AddSingleton<CompositeGeocoder>(sp => new CompositeGeocoder(online ? sp.GetRequiredService<BanGeocoder>() : null, sp.GetRequiredService<CommuneCentreGeocoder>()));
        services.AddSingleton<IGeocoder>(sp => sp.GetRequiredService<CompositeGeocoder>());
        return services;
    }

    /// <summary>Says who calls the public API, and where to find the instance when its public URL is known.</summary>
    public static string UserAgent(string? publicUrl)
    {
        var version = typeof(GeocodingSetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0";
        return Uri.TryCreate(publicUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? $"Maillage/{version} (+{url.GetLeftPart(UriPartial.Authority)})"
            : $"Maillage/{version}";
    }
}
