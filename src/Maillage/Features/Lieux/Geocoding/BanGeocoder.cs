using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Lieux.Geocoding;

/// <summary>Geocodage:Ban — the national address API (BAN). An empty Url keeps the application offline.</summary>
public sealed class BanGeocoderOptions
{
    public const string Section = "Geocodage:Ban";

    /// <summary>Base URL, "/search/" is appended: https://data.geopf.fr/geocodage (IGN Géoplateforme, which took over
    /// https://api-adresse.data.gouv.fr with the same request and response format).</summary>
    public string? Url { get; set; }

    /// <summary>Below this score (0–1) a match is not trusted.</summary>
    public double MinScore { get; set; } = 0.5;

    public double TimeoutSeconds { get; set; } = 3;

    /// <summary>Answers kept in memory, by request; the cache is emptied when full.</summary>
    public int CacheSize { get; set; } = 1000;

    public bool IsOnline => !string.IsNullOrWhiteSpace(Url);
}

/// <summary>
/// The BAN adapter: <c>GET {Url}/search/?q=…&amp;limit=5&amp;citycode=…</c> (or <c>postcode=…</c>), and the best feature of
/// the GeoJSON answer that is in the asked commune and scores at least <see cref="BanGeocoderOptions.MinScore"/>.
/// A network failure, a timeout, an error status or an unreadable answer is logged as a warning and answers null,
/// so that the caller falls back on the commune centre: geocoding never breaks a page or an import.
/// </summary>
public sealed class BanGeocoder(IHttpClientFactory clients, IOptions<BanGeocoderOptions> options, ILogger<BanGeocoder> logger) : IGeocoder
{
    public const string HttpClientName = "ban";
    public const int Limit = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, GeocodingResult?> _cache = new(StringComparer.Ordinal);
    private readonly BanGeocoderOptions _options = options.Value;

    public async Task<GeocodingResult?> GeocodeAsync(GeocodingQuery query, CancellationToken ct = default)
    {
        var request = RequestUri(query);
        if (request is null)
        {
            return null;
        }

        if (_cache.TryGetValue(request, out var cached))
        {
            return cached;
        }

        BanResponse? answer;
        try
        {
            using var response = await clients.CreateClient(HttpClientName).GetAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Géocodage BAN : réponse HTTP {Status}, repli sur le centre de la commune.", (int)response.StatusCode);
                return null;
            }

            answer = await response.Content.ReadFromJsonAsync<BanResponse>(Json, ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Géocodage BAN : pas de réponse en {Timeout} s, repli sur le centre de la commune.", _options.TimeoutSeconds);
            return null;
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Géocodage BAN injoignable ({Error}), repli sur le centre de la commune.", e.HttpRequestError);
            return null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            logger.LogWarning("Géocodage BAN : réponse illisible ({Error}), repli sur le centre de la commune.", e.GetType().Name);
            return null;
        }

        if (answer?.Features is null)
        {
            logger.LogWarning("Géocodage BAN : réponse sans « features », repli sur le centre de la commune.");
            return null;
        }

        var result = Best(answer.Features, query, _options.MinScore);
        if (_cache.Count >= _options.CacheSize)
        {
            _cache.Clear();
        }

        _cache[request] = result;
        return result;
    }

    /// <summary>The relative request for a query, or null when there is no address to look up.</summary>
    public static string? RequestUri(GeocodingQuery query)
    {
        // The API wants 3 to 200 characters starting with a letter or a digit.
        var q = string.Join(' ', new[] { query.Address, query.PostalCode, query.CommuneName }
            .Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));
        var start = 0;
        while (start < q.Length && !char.IsLetterOrDigit(q[start]))
        {
            start++;
        }

        q = q[start..];
        if (string.IsNullOrWhiteSpace(query.Address) || q.Length < 3)
        {
            return null;
        }

        if (q.Length > 200)
        {
            q = q[..200];
        }

        var uri = $"search/?q={Uri.EscapeDataString(q)}&limit={Limit}";
        var insee = query.InseeCode?.Trim().ToUpperInvariant();

        // The BAN files Paris, Lyon and Marseille addresses under their arrondissements: filter those by postal code.
        if (!string.IsNullOrEmpty(insee) && CommuneCentres.CommuneOf(insee) == insee && insee is not ("75056" or "69123" or "13055"))
        {
            return uri + "&citycode=" + Uri.EscapeDataString(insee);
        }

        return string.IsNullOrWhiteSpace(query.PostalCode) ? uri : uri + "&postcode=" + Uri.EscapeDataString(query.PostalCode.Trim());
    }

    private static GeocodingResult? Best(IEnumerable<BanFeature?> features, GeocodingQuery query, double minScore)
    {
        var insee = query.InseeCode?.Trim().ToUpperInvariant();
        foreach (var feature in features)
        {
            var p = feature?.Properties;
            var coordinates = feature?.Geometry?.Coordinates;
            if (p is null || coordinates is not { Length: >= 2 } || p.Score < minScore || Precision(p.Type) is not { } precision)
            {
                continue;
            }

            // Even with the citycode filter, never take a street of the neighbouring commune for ours.
            if (!string.IsNullOrEmpty(insee) && (p.CityCode is null || CommuneCentres.CommuneOf(p.CityCode) != CommuneCentres.CommuneOf(insee)))
            {
                continue;
            }

            var (longitude, latitude) = (coordinates[0], coordinates[1]);
            if (latitude is < -90 or > 90 || longitude is < -180 or > 180)
            {
                continue;
            }

            return new GeocodingResult(latitude, longitude, precision, Math.Round(p.Score, 4), p.Label ?? "", p.CityCode, p.PostCode, CoordinatesSources.Ban);
        }

        return null;
    }

    private static string? Precision(string? type) => type switch
    {
        "housenumber" => GeocodingPrecisions.Address,
        "street" => GeocodingPrecisions.Street,
        "locality" => GeocodingPrecisions.Locality,
        "municipality" => GeocodingPrecisions.Commune,
        _ => null,
    };

    /// <summary>What is read of the GeoJSON FeatureCollection answered by /search/.</summary>
    private sealed record BanResponse(BanFeature?[]? Features);

    private sealed record BanFeature(BanGeometry? Geometry, BanProperties? Properties);

    private sealed record BanGeometry(double[]? Coordinates);

    private sealed record BanProperties(
        string? Label,
        double Score,
        string? Type,
        [property: JsonPropertyName("citycode")] string? CityCode,
        [property: JsonPropertyName("postcode")] string? PostCode);
}
