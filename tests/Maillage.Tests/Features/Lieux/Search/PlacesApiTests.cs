using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Tests.Infrastructure;
using static Maillage.Tests.Features.Lieux.Search.PlaceSearchTestData;

namespace Maillage.Tests.Features.Lieux.Search;

[Trait("Category", "Database")]
public sealed class PlacesApiTests(PlacesApiTests.Factory factory) : IClassFixture<PlacesApiTests.Factory>
{
    public sealed class Factory : MaillageFactory
    {
        public Factory() => WithSetting("RateLimiting:PublicPerMinute", "10000");
    }

    private const double Lat = 45.0;
    private const double Lon = 4.0;

    private async Task<List<JsonElement>> ItemsAsync(string query)
    {
        using var client = factory.CreateApiClient(null);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/lieux?" + query);
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    private static List<string?> Names(List<JsonElement> items) => items.Select(i => i.GetProperty("name").GetString()).ToList();

    [Fact]
    public async Task AroundAPointPlacesComeNearestFirstWithTheirDistanceAndOnlyWithinTheRadius()
    {
        var tag = NewTag();
        await factory.AddPlaceAsync($"{tag} loin", Lat + (8 * DegreesPerKm), Lon);
        await factory.AddPlaceAsync($"{tag} proche", Lat + (0.5 * DegreesPerKm), Lon);
        await factory.AddPlaceAsync($"{tag} hors rayon", Lat + (30 * DegreesPerKm), Lon);
        await factory.AddPlaceAsync($"{tag} moyen", Lat, Lon + (3 * DegreesPerKm / Math.Cos(Lat * Math.PI / 180)));
        await factory.AddPlaceAsync($"{tag} sans coordonnées");

        var items = await ItemsAsync($"lat=45&lon=4&q={tag}");

        Assert.Equal([$"{tag} proche", $"{tag} moyen", $"{tag} loin"], Names(items));
        Assert.Equal([0.5, 3, 8], items.Select(i => Math.Round(i.GetProperty("distanceKm").GetDouble(), 1)));
        Assert.Equal(0.5, items[0].GetProperty("distanceKm").GetDouble(), 0.01);

        var wider = await ItemsAsync($"lat=45&lon=4&rayon_km=50&q={tag}");
        Assert.Equal([$"{tag} proche", $"{tag} moyen", $"{tag} loin", $"{tag} hors rayon"], Names(wider));

        var narrow = await ItemsAsync($"lat=45&lon=4&rayon_km=2&q={tag}");
        Assert.Equal([$"{tag} proche"], Names(narrow));
    }

    [Fact]
    public async Task WithoutAPointPlacesAreSortedByNameAndPaged()
    {
        var tag = NewTag();
        foreach (var letter in new[] { "C", "A", "B" })
        {
            await factory.AddPlaceAsync($"{tag} {letter}");
        }

        using var client = factory.CreateApiClient(null);
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/lieux?q={tag}&taille=2&page=2");

        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal([$"{tag} C"], Names(page.GetProperty("items").EnumerateArray().ToList()));
        Assert.False(page.GetProperty("items")[0].TryGetProperty("distanceKm", out var d) && d.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task CodeFiltersAreOrWithinAFieldAndAndAcrossFields()
    {
        var tag = NewTag();
        await factory.AddPlaceAsync($"{tag} A", services: [Admin], publics: ["Jeunes"], fees: ["Gratuit"]);
        await factory.AddPlaceAsync($"{tag} B", services: [Autonomy], supports: ["Surdité"], access: ["Téléphoner"]);
        await factory.AddPlaceAsync($"{tag} C", services: [Access, Admin], publics: ["Seniors"], fees: ["Payant"], access: ["Se présenter"]);

        Assert.Equal([$"{tag} A", $"{tag} B", $"{tag} C"], Names(await ItemsAsync($"q={tag}&services={Uri.EscapeDataString(Admin)}&services={Uri.EscapeDataString(Autonomy)}")));
        Assert.Equal([$"{tag} A", $"{tag} C"], Names(await ItemsAsync($"q={tag}&services={Uri.EscapeDataString(Admin)}")));
        Assert.Equal([$"{tag} A"], Names(await ItemsAsync($"q={tag}&services={Uri.EscapeDataString(Admin)}&publics=Jeunes")));
        Assert.Equal([$"{tag} B"], Names(await ItemsAsync($"q={tag}&prise_en_charge=Surdit%C3%A9")));
        Assert.Equal([$"{tag} C"], Names(await ItemsAsync($"q={tag}&frais=Payant")));
        Assert.Equal([$"{tag} B", $"{tag} C"], Names(await ItemsAsync($"q={tag}&modalites_acces=T%C3%A9l%C3%A9phoner&modalites_acces=Se%20pr%C3%A9senter")));
        Assert.Empty(await ItemsAsync($"q={tag}&frais=Payant&publics=Jeunes"));
    }

    [Fact]
    public async Task CommunePostalCodeQpvAndTextFilterPlaces()
    {
        var tag = NewTag();
        var qpv = await factory.AddQuarterAsync(isPriorityArea: true);
        var other = await factory.AddQuarterAsync(isPriorityArea: false);
        await factory.AddPlaceAsync($"{tag} Montreynaud", postalCode: "42000", quarterId: qpv.Id);
        await factory.AddPlaceAsync($"{tag} Bellevue", postalCode: "42100", quarterId: other.Id);
        await factory.AddPlaceAsync($"{tag} Chamond", insee: MaillageFactory.SaintChamond, postalCode: "42400", commune: "Saint-Chamond");

        Assert.Equal([$"{tag} Chamond"], Names(await ItemsAsync($"q={tag}&commune={MaillageFactory.SaintChamond}")));
        Assert.Equal([$"{tag} Bellevue", $"{tag} Montreynaud"], Names(await ItemsAsync($"q={tag}&commune={MaillageFactory.SaintEtienne}")));
        Assert.Equal([$"{tag} Bellevue"], Names(await ItemsAsync($"q={tag}&code_postal=42100")));
        Assert.Equal([$"{tag} Montreynaud"], Names(await ItemsAsync($"q={tag}&qpv=true")));
        Assert.Equal([$"{tag} Montreynaud"], Names(await ItemsAsync($"q={tag}%20montreyn")));
    }

    [Fact]
    public async Task OpenNowKeepsThePlaceOpenAllTheTimeAndDropsTheOneClosedAllWeek()
    {
        var tag = NewTag();
        await factory.AddPlaceAsync($"{tag} toujours", hours: "24/7");
        await factory.AddPlaceAsync($"{tag} jamais", hours: "Mo-Su off");

        var all = await ItemsAsync($"q={tag}");
        var open = await ItemsAsync($"q={tag}&ouvert_maintenant=true");

        Assert.Equal(2, all.Count);
        Assert.Equal([$"{tag} toujours"], Names(open));
        Assert.True(open[0].GetProperty("isOpenNow").GetBoolean());
        Assert.Equal("Ouvert 24 h/24, 7 j/7", open[0].GetProperty("status").GetString());
        var closed = all.Single(i => i.GetProperty("name").GetString() == $"{tag} jamais");
        Assert.False(closed.GetProperty("isOpenNow").GetBoolean());
        Assert.StartsWith("Fermé", closed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnpublishedPlacesNeverAppearInTheListNorByTheirId()
    {
        var tag = NewTag();
        await factory.AddPlaceAsync($"{tag} publié", Lat, Lon);
        var hidden = await factory.AddPlaceAsync($"{tag} caché", Lat, Lon, published: false);
        using var client = factory.CreateApiClient(null);

        Assert.Equal([$"{tag} publié"], Names(await ItemsAsync($"q={tag}")));
        Assert.Equal([$"{tag} publié"], Names(await ItemsAsync($"lat=45&lon=4&q={tag}")));
        using var response = await client.GetAsync($"/api/v1/lieux/{hidden.Id}");
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Ressource introuvable", ProblemAssert.FrenchTitle(problem));
    }

    [Fact]
    public async Task APlaceByIdHasTheNationalFieldsOursAndItsHoursInFrench()
    {
        var tag = NewTag();
        var place = await factory.AddPlaceAsync($"{tag} fiche", Lat, Lon, hours: "Mo-Fr 09:00-12:00", phone: "+33477000000", services: [Admin]);
        using var client = factory.CreateApiClient(null);

        var dto = await client.GetFromJsonAsync<JsonElement>($"/api/v1/lieux/{place.Id}");

        Assert.Equal($"{tag} fiche", dto.GetProperty("national").GetProperty("name").GetString());
        Assert.Equal(Admin, dto.GetProperty("national").GetProperty("services")[0].GetString());
        Assert.Equal("Autre", dto.GetProperty("kindLabel").GetString());
        Assert.Equal("Mo-Fr 09:00-12:00", dto.GetProperty("hours").GetProperty("osm").GetString());
        Assert.Equal("Lundi : 9 h – 12 h", dto.GetProperty("hours").GetProperty("lines")[0].GetString());
        Assert.Equal("Samedi : fermé", dto.GetProperty("hours").GetProperty("lines")[5].GetString());
    }

    [Theory]
    [InlineData("lat=45", "lon", "Indiquez la latitude (lat) et la longitude (lon) ensemble.")]
    [InlineData("lat=95&lon=4", "lat", "La latitude (lat) doit être comprise entre -90 et 90.")]
    [InlineData("lat=45&lon=4&rayon_km=500", "rayon_km", "Le rayon (rayon_km) doit être supérieur à 0 et au plus 200 km.")]
    [InlineData("lat=45&lon=4&rayon_km=0", "rayon_km", "Le rayon (rayon_km) doit être supérieur à 0 et au plus 200 km.")]
    [InlineData("taille=101", "taille", "La taille de page (taille) doit être comprise entre 1 et 100.")]
    [InlineData("code_postal=420", "code_postal", "Le code postal (code_postal) doit avoir 5 chiffres, par exemple 42000.")]
    public async Task InvalidParametersAnswerAFrenchValidationProblem(string query, string field, string message)
    {
        using var client = factory.CreateApiClient(null);

        using var response = await client.GetAsync("/api/v1/lieux?" + query);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Données invalides", ProblemAssert.FrenchTitle(problem));
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task AnUnknownServiceIsRefusedWithTheListOfAcceptedValues()
    {
        using var client = factory.CreateApiClient(null);

        using var response = await client.GetAsync("/api/v1/lieux?services=Cuisine");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("services")[0].GetString();
        Assert.StartsWith("Valeur inconnue pour services : « Cuisine ». Valeurs acceptées : ", message);
        Assert.Contains(Admin, message);
        Assert.Contains("Acquisition de matériel informatique à prix solidaire", message);
    }
}
