using System.Diagnostics;
using Maillage.Features.Lieux.Geocoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maillage.Tests.Features.Lieux.Geocoding;

/// <summary>
/// The geocoder as the application registers it (AddMaillageGeocoding), online against <see cref="FakeBanServer"/>
/// replaying recorded BAN answers: what it asks, what it keeps, and how it falls back on the commune centre.
/// </summary>
public sealed class BanGeocoderTests : IAsyncLifetime
{
    private static readonly GeocodingQuery Michelet = new("12 Rue Michelet", "42000", "Saint-Étienne", "42218");
    private FakeBanServer _ban = null!;
    private readonly List<ServiceProvider> _providers = [];

    public async Task InitializeAsync() => _ban = await FakeBanServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _ban.DisposeAsync();
    }

    [Fact]
    public async Task AHouseNumberMatchIsReadFromTheRecordedAnswerAndTheRequestCarriesTheAddressTheInseeCodeAndTheLimit()
    {
        _ban.File = "housenumber.json";
        var (geocoder, _) = Geocoder(url: _ban.Url + "/geocodage");

        var result = await geocoder.GeocodeAsync(Michelet);

        Assert.Equal(new GeocodingResult(45.435614, 4.388021, "adresse", 0.9675, "12 Rue Michelet 42000 Saint-Étienne", "42218", "42000", CoordinatesSources.Ban), result);
        var (request, userAgent) = Assert.Single(_ban.Requests);
        Assert.Equal("/geocodage/search/?q=12%20Rue%20Michelet%2042000%20Saint-%C3%89tienne&limit=5&citycode=42218", request);
        Assert.StartsWith("Maillage/", userAgent);
        Assert.EndsWith("(+https://numerique.ville.example)", userAgent);
    }

    [Fact]
    public async Task ABetterScoredFeatureInANeighbouringCommuneIsSkippedForTheStreetInTheAskedCommune()
    {
        _ban.File = "other-commune-first.json";
        var (geocoder, _) = Geocoder(_ban.Url);

        var result = await geocoder.GeocodeAsync(new GeocodingQuery("8 Rue de la Mairie", "42100", "Saint-Étienne", "42218"));

        Assert.NotNull(result);
        Assert.Equal(("rue", "42218", "Rue de la Mairie 42100 Saint-Étienne", CoordinatesSources.Ban), (result.Precision, result.InseeCode, result.Label, result.Provider));
        Assert.Equal((45.420514, 4.415822), (result.Latitude, result.Longitude));
    }

    [Fact]
    public async Task WhenEveryFeatureLiesInAnotherCommuneTheCommuneCentreIsReturned()
    {
        _ban.File = "other-commune-only.json";
        var (geocoder, _) = Geocoder(_ban.Url);

        var result = await geocoder.GeocodeAsync(new GeocodingQuery("3 Place du Breuil", "42000", "Saint-Étienne", "42218"));

        AssertSaintEtienneCentre(result);
        Assert.Single(_ban.Requests);
    }

    [Fact]
    public async Task ScoresUnderTheConfiguredThresholdFallBackToTheCommuneCentre()
    {
        _ban.File = "low-score.json";
        var query = new GeocodingQuery("Espace numérique Les Granges", "42000", "Saint-Étienne", "42218");
        var (strict, _) = Geocoder(_ban.Url);
        var (lenient, _) = Geocoder(_ban.Url, minScore: 0.3);

        var fallback = await strict.GeocodeAsync(query);
        var street = await lenient.GeocodeAsync(query);

        AssertSaintEtienneCentre(fallback);
        Assert.NotNull(street);
        Assert.Equal(("Chemin des Granges 42000 Saint-Étienne", 0.3108, CoordinatesSources.Ban), (street.Label, street.Score, street.Provider));
    }

    [Theory]
    [InlineData("locality.json", "Le Guizay", "lieu-dit", 45.463392, 4.340871)]
    [InlineData("municipality.json", "Saint-Étienne", "commune", 45.44014, 4.38858)]
    public async Task TheBanTypeBecomesThePrecision(string file, string address, string precision, double latitude, double longitude)
    {
        _ban.File = file;
        var (geocoder, _) = Geocoder(_ban.Url);

        var result = await geocoder.GeocodeAsync(new GeocodingQuery(address, "42100", "Saint-Étienne", "42218"));

        Assert.NotNull(result);
        Assert.Equal((precision, latitude, longitude, CoordinatesSources.Ban), (result.Precision, result.Latitude, result.Longitude, result.Provider));
    }

    [Fact]
    public async Task ParisIsSearchedByPostalCodeAndItsArrondissementCodeIsAccepted()
    {
        _ban.File = "paris-arrondissement.json";
        var (geocoder, _) = Geocoder(_ban.Url);

        var result = await geocoder.GeocodeAsync(new GeocodingQuery("42 Rue d'Ulm", "75005", "Paris", "75056"));

        Assert.NotNull(result);
        Assert.Equal(("adresse", "75105", CoordinatesSources.Ban), (result.Precision, result.InseeCode, result.Provider));
        var (request, _) = Assert.Single(_ban.Requests);
        Assert.EndsWith("&limit=5&postcode=75005", request);
    }

    [Fact]
    public async Task WithoutInseeCodeThePostalCodeNarrowsTheSearch()
    {
        _ban.File = "housenumber.json";
        var (geocoder, _) = Geocoder(_ban.Url);

        var result = await geocoder.GeocodeAsync(Michelet with { InseeCode = null });

        Assert.Equal(CoordinatesSources.Ban, result?.Provider);
        var (request, _) = Assert.Single(_ban.Requests);
        Assert.Equal("/search/?q=12%20Rue%20Michelet%2042000%20Saint-%C3%89tienne&limit=5&postcode=42000", request);
    }

    [Fact]
    public async Task AServerErrorFallsBackToTheCommuneCentreWithAWarning()
    {
        _ban.Respond = context =>
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return Task.CompletedTask;
        };
        var (geocoder, logs) = Geocoder(_ban.Url);

        var result = await geocoder.GeocodeAsync(Michelet);

        AssertSaintEtienneCentre(result);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("réponse HTTP 502"));
    }

    [Fact]
    public async Task AnAnswerSlowerThanTheTimeoutFallsBackToTheCommuneCentreWithoutWaitingForIt()
    {
        _ban.Respond = async context =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, as it should.
            }
        };
        var (geocoder, logs) = Geocoder(_ban.Url, timeoutSeconds: 0.5);
        var watch = Stopwatch.StartNew();

        var result = await geocoder.GeocodeAsync(Michelet);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        AssertSaintEtienneCentre(result);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("pas de réponse en 0.5 s"));
    }

    [Theory]
    [InlineData("text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>")]
    [InlineData("application/json", "{\"code\": 400, \"message\": \"q: must contain between 3 and 200 chars and start with a number or a letter\"}")]
    [InlineData("application/json", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": \"4.38,45.43\"}}]}")]
    public async Task AnUnreadableAnswerFallsBackToTheCommuneCentreWithAWarning(string contentType, string body)
    {
        _ban.Respond = async context =>
        {
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        };
        var (geocoder, logs) = Geocoder(_ban.Url);

        var result = await geocoder.GeocodeAsync(Michelet);

        AssertSaintEtienneCentre(result);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Category == typeof(BanGeocoder).FullName);
    }

    [Fact]
    public async Task AnUnreachableServerFallsBackToTheCommuneCentreWithAWarning()
    {
        var (geocoder, logs) = Geocoder(_ban.Url);
        await _ban.StopAsync();

        var result = await geocoder.GeocodeAsync(Michelet);

        AssertSaintEtienneCentre(result);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("injoignable"));
    }

    [Fact]
    public async Task AnEmptyAnswerFallsBackAndTheSameQueryIsThenAnsweredFromTheCache()
    {
        _ban.File = "empty.json";
        var (geocoder, _) = Geocoder(_ban.Url);

        var first = await geocoder.GeocodeAsync(Michelet);
        var second = await geocoder.GeocodeAsync(Michelet);

        AssertSaintEtienneCentre(first);
        Assert.Equal(first, second);
        Assert.Single(_ban.Requests);
    }

    [Fact]
    public async Task ACancellationByTheCallerIsNotTakenForAFailure()
    {
        _ban.File = "housenumber.json";
        var (geocoder, _) = Geocoder(_ban.Url);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => geocoder.GeocodeAsync(Michelet, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task OfflineTheGeocoderAnswersFromTheCommuneResourceWithoutAnyRequest()
    {
        var (geocoder, _) = Geocoder(url: "");

        var result = await geocoder.GeocodeAsync(Michelet);

        AssertSaintEtienneCentre(result);
        Assert.Empty(_ban.Requests);
        Assert.Null(_providers.Single().GetService<BanGeocoder>());
        Assert.False(Assert.IsType<CompositeGeocoder>(geocoder).IsOnline);
    }

    private static void AssertSaintEtienneCentre(GeocodingResult? result)
    {
        Assert.NotNull(result);
        Assert.Equal(("commune", CommuneCentreGeocoder.Score, "42218", CoordinatesSources.Commune), (result.Precision, result.Score, result.InseeCode, result.Provider));
        Assert.Equal(45.43, result.Latitude, 0.02);
        Assert.Equal(4.39, result.Longitude, 0.02);
    }

    private (IGeocoder Geocoder, LogCollector Logs) Geocoder(string url, double minScore = 0.5, double timeoutSeconds = 3)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Geocodage:Ban:Url"] = url,
            ["Geocodage:Ban:MinScore"] = minScore.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Geocodage:Ban:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PublicUrl"] = "https://numerique.ville.example/lieux",
        }).Build();
        var logs = new LogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddMaillageGeocoding(configuration);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return (provider.GetRequiredService<IGeocoder>(), logs);
    }
}
