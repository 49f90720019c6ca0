using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Geocoding;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

using static Maillage.Tests.Infrastructure.CliRunner;

namespace Maillage.Tests.Features.Lieux.Geocoding;

/// <summary>geocode-places through the binary's entry point (in-process), offline (no BAN URL), on a database of its own.</summary>
[Trait("Category", "Database")]
public sealed class GeocodePlacesCliTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Offline = new() { ["Geocodage__Ban__Url"] = "" };
    private readonly TestDatabase _database = TestDatabase.Create();

    public async Task InitializeAsync()
    {
        var migrate = await RunAsync(_database, ["migrate"], environment: Offline);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task GeocodePlacesFillsMissingCoordinatesFromTheCommuneCentresAndNeverMovesAHandPlacedPin()
    {
        var missing = await AddAsync("Sans coordonnées", "42218", "42000", "Saint-Étienne");
        var byPostalCode = await AddAsync("Sans code INSEE", null, "42500", "LE CHAMBON FEUGEROLLES");
        var unknown = await AddAsync("Commune inconnue", null, "00000", "Nulle-Part");
        var manual = await AddAsync("Épinglé à la main", "42218", "42000", "Saint-Étienne", 45.4512, 4.3871, CoordinatesSources.Manual);
        var imported = await AddAsync("Coordonnées importées", "42095", "42700", "Firminy", 45.3888, 4.2872, CoordinatesSources.Import);
        var manualWithout = await AddAsync("Manuel sans coordonnées", "42218", "42000", "Saint-Étienne", source: CoordinatesSources.Manual);

        var dryRun = await RunAsync(_database, ["geocode-places", "--dry-run"], environment: Offline);

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains("Géocodeur hors ligne : centre de la commune", dryRun.Output);
        Assert.Contains("3 lieu(x) examiné(s) : 2 localisé(s) (2 au centre de la commune), 0 inchangé(s), 1 sans résultat.", dryRun.Output);
        Assert.Contains("Simulation (--dry-run) : rien n'a été enregistré.", dryRun.Output);
        await using (var db = _database.CreateContext())
        {
            Assert.Equal(2, await db.Places.CountAsync(p => p.Latitude != null));
            Assert.False(await db.PlaceChanges.AnyAsync());
        }

        var run = await RunAsync(_database, ["geocode-places"], environment: Offline);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("3 lieu(x) examiné(s) : 2 localisé(s) (2 au centre de la commune), 0 inchangé(s), 1 sans résultat.", run.Output);
        await using (var db = _database.CreateContext())
        {
            var places = await db.Places.AsNoTracking().ToDictionaryAsync(p => p.Id);
            Assert.Equal((45.43, 4.39), Rounded(places[missing]));
            Assert.Equal(CoordinatesSources.Commune, places[missing].CoordinatesSource);
            Assert.Equal((45.39, 4.32), Rounded(places[byPostalCode]));
            Assert.Equal((null, null), (places[unknown].Latitude, places[unknown].Longitude));
            Assert.Equal((45.4512, 4.3871, CoordinatesSources.Manual), (places[manual].Latitude, places[manual].Longitude, places[manual].CoordinatesSource));
            Assert.Equal((45.3888, 4.2872), (places[imported].Latitude, places[imported].Longitude));
            Assert.Null(places[manualWithout].Latitude);
            var changes = await db.PlaceChanges.OrderBy(c => c.PlaceId).ToListAsync();
            Assert.Equal([missing, byPostalCode], changes.Select(c => c.PlaceId));
            Assert.All(changes, c => Assert.Equal((PlaceGeocoding.ChangeKind, "système"), (c.Kind, c.ActorName)));
            Assert.Contains("Centre de la commune (approximatif), au centre de la commune (« Saint-Étienne », score 0.20)", changes[0].Summary);
        }

        // --all looks at every place but the hand-placed ones; a commune centre does not replace coordinates it already has.
        var all = await RunAsync(_database, ["geocode-places", "--all"], environment: Offline);

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains("4 lieu(x) examiné(s) : 0 localisé(s), 3 inchangé(s), 1 sans résultat.", all.Output);
        await using (var db = _database.CreateContext())
        {
            Assert.Equal((45.3888, 4.2872), await db.Places.Where(p => p.Id == imported).Select(p => new ValueTuple<double?, double?>(p.Latitude, p.Longitude)).SingleAsync());
            Assert.Equal(2, await db.PlaceChanges.CountAsync());
        }
    }

    [Fact]
    public async Task OnlineGeocodePlacesTakesTheBanAddressAndFallsBackOnTheCommuneCentreForAnAnswerElsewhere()
    {
        await using var ban = await FakeBanServer.StartAsync();
        ban.File = "housenumber.json"; // every answer is in Saint-Étienne (42218)
        var michelet = await AddAsync("Rue Michelet", "42218", "42000", "Saint-Étienne");
        var firminy = await AddAsync("À Firminy", "42095", "42700", "Firminy");

        var run = await RunAsync(_database, ["geocode-places"], environment: new Dictionary<string, string?> { ["Geocodage__Ban__Url"] = ban.Url });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Géocodeur : Base adresse nationale, puis centre de la commune à défaut.", run.Output);
        Assert.Contains("2 lieu(x) examiné(s) : 2 localisé(s) (1 à l'adresse, 1 au centre de la commune), 0 inchangé(s), 0 sans résultat.", run.Output);
        Assert.Equal(2, ban.Requests.Count);
        await using var db = _database.CreateContext();
        var places = await db.Places.AsNoTracking().ToDictionaryAsync(p => p.Id);
        Assert.Equal((45.435614, 4.388021, CoordinatesSources.Ban), (places[michelet].Latitude, places[michelet].Longitude, places[michelet].CoordinatesSource));
        Assert.Equal(((double?)45.39, (double?)4.29, CoordinatesSources.Commune), (Rounded(places[firminy]).Item1, Rounded(places[firminy]).Item2, places[firminy].CoordinatesSource));
    }

    private static (double?, double?) Rounded(Place place) =>
        (place.Latitude is { } lat ? Math.Round(lat, 2) : null, place.Longitude is { } lon ? Math.Round(lon, 2) : null);

    private async Task<int> AddAsync(string name, string? insee, string postalCode, string commune, double? lat = null, double? lon = null, string? source = null)
    {
        await using var db = _database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        var place = new Place
        {
            ImportSource = Place.OwnSource,
            SourceId = Guid.NewGuid().ToString("N"),
            Name = name,
            Pivot = "00000000000000",
            CommuneName = commune,
            PostalCode = postalCode,
            InseeCode = insee,
            Address = "1 rue de l'Essai",
            Latitude = lat,
            Longitude = lon,
            CoordinatesSource = source,
            UpdatedOn = DateOnly.FromDateTime(now.UtcDateTime),
            CreatedAt = now,
            ModifiedAt = now,
        };
        db.Places.Add(place);
        await db.SaveChangesAsync();
        return place.Id;
    }
}
