using Maillage.Features.Lieux.Geocoding;
using Maillage.Features.Territoires;

namespace Maillage.Tests.Features.Lieux.Geocoding;

/// <summary>The offline geocoder on the shipped commune-centre resource.</summary>
public sealed class CommuneCentreGeocoderTests
{
    private readonly CommuneCentreGeocoder _geocoder = new();

    [Fact]
    public async Task SaintEtienneFoundByItsInseeCodeIsPlacedAtItsCentreWithALowScore()
    {
        var result = await _geocoder.GeocodeAsync(new GeocodingQuery("12 Rue Michelet", "42100", "Saint-Étienne", "42218"));

        Assert.NotNull(result);
        Assert.Equal(45.43, result.Latitude, 0.01);
        Assert.Equal(4.39, result.Longitude, 0.01);
        Assert.Equal(("commune", CommuneCentreGeocoder.Score, "Saint-Étienne", "42218", "42100", CoordinatesSources.Commune),
            (result.Precision, result.Score, result.Label, result.InseeCode, result.PostalCode, result.Provider));
    }

    [Theory]
    [InlineData("42500", "Le Chambon-Feugerolles")]
    [InlineData("42500", "LE CHAMBON FEUGEROLLES")]
    [InlineData("42500", "Chambon-Feugerolles (Le)")]
    [InlineData("42500", "le chambon-feugerolles")]
    public async Task WithoutInseeCodeACommuneIsFoundByPostalCodeAndNameWhateverItsAccentsCaseAndHyphens(string postalCode, string name)
    {
        var result = await _geocoder.GeocodeAsync(new GeocodingQuery("Place Jean Jaurès", postalCode, name, null));

        Assert.NotNull(result);
        Assert.Equal(("42044", "Le Chambon-Feugerolles"), (result.InseeCode, result.Label));
        Assert.Equal(45.39, result.Latitude, 0.02);
        Assert.Equal(4.32, result.Longitude, 0.02);
    }

    [Fact]
    public async Task AccentsAndSaintAbbreviationsAreFoldedToo()
    {
        var result = await _geocoder.GeocodeAsync(new GeocodingQuery("1 rue de la Paix", "42100", "ST ETIENNE", InseeCode: null));

        Assert.Equal(("42218", "42100"), (result?.InseeCode, result?.PostalCode));
    }

    [Fact]
    public async Task APostalCodeThatServesASingleCommuneIsEnoughWithoutAName()
    {
        var result = await _geocoder.GeocodeAsync(new GeocodingQuery("3 Place du Breuil", "42700", null, null));

        Assert.Equal("42095", result?.InseeCode);
    }

    [Theory]
    [InlineData("99999", "00000", "Nulle-Part")]
    [InlineData(null, "42700", "Lyon")]
    [InlineData(null, "00000", "Saint-Étienne")]
    [InlineData(null, null, "Saint-Étienne")]
    public async Task AnUnknownCommuneGivesNoResult(string? insee, string? postalCode, string? name)
    {
        Assert.Null(await _geocoder.GeocodeAsync(new GeocodingQuery("1 rue de l'Essai", postalCode, name, insee)));
    }

    [Fact]
    public async Task ACommuneTooSmallToBeInTheResourceGivesNoResultRatherThanAGuess()
    {
        // Aboën (Loire, 481 inhabitants) is a real commune that GeoNames' extract does not list.
        Assert.NotNull(CommuneCentres.FindCommune("42001", null, null));

        Assert.Null(await _geocoder.GeocodeAsync(new GeocodingQuery("Le Bourg", "42380", "Aboën", "42001")));
    }

    [Fact]
    public async Task AMunicipalArrondissementCodeStandsForItsCommune()
    {
        var result = await _geocoder.GeocodeAsync(new GeocodingQuery("42 Rue d'Ulm", "75005", "Paris", "75105"));

        Assert.Equal(("75056", "75005"), (result?.InseeCode, result?.PostalCode));
        Assert.Equal(48.85, result!.Latitude, 0.02);
        Assert.Equal(2.35, result.Longitude, 0.02);
    }

    [Fact]
    public void EveryCentreBelongsToACurrentCommuneAndLiesInItsDepartementsPartOfTheWorld()
    {
        var communes = CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune).ToDictionary(n => n.Code);

        Assert.InRange(CommuneCentres.Count, 8_000, communes.Count);
        foreach (var commune in communes.Values)
        {
            if (!CommuneCentres.TryGetCentre(commune.Code, out var latitude, out var longitude))
            {
                continue;
            }

            // Metropolitan France and Corsica, or far away overseas: never a metropolitan commune in the ocean.
            var metropolitan = !commune.Code.StartsWith("97", StringComparison.Ordinal);
            Assert.True(!metropolitan || (latitude is > 41.3 and < 51.1 && longitude is > -5.2 and < 9.6), $"{commune.Code} {commune.Name}: {latitude}, {longitude}");
        }
    }
}
