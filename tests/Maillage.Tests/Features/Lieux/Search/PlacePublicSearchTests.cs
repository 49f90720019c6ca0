using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Lieux.Search;
using Maillage.Tests.Infrastructure;
using static Maillage.Tests.Features.Lieux.Search.PlaceSearchTestData;

namespace Maillage.Tests.Features.Lieux.Search;

/// <summary>Filters of /lieux and of the API, the embeddable search and its framing headers, commune suggestions.</summary>
[Trait("Category", "Database")]
public sealed class PlacePublicSearchTests(PlacePublicSearchTests.Factory factory) : IClassFixture<PlacePublicSearchTests.Factory>
{
    public sealed class Factory : MaillageFactory
    {
        public Factory() => WithSetting("RateLimiting:PublicPerMinute", "10000");
    }

    /// <summary>A point of its own for each test (somewhere in France), so that a search around it sees that test's places only.</summary>
    private static (double Lat, double Lon) NewPoint() => (44 + Random.Shared.NextDouble() * 4, 1 + Random.Shared.NextDouble() * 4);

    private static string At((double Lat, double Lon) p) => string.Create(CultureInfo.InvariantCulture, $"lat={p.Lat:R}&lon={p.Lon:R}");

    private static List<string> ResultNames(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#liste-lieux h3 a").Select(a => a.TextContent.Trim()).ToList();

    /// <summary>The results of one test (points may fall close to another test's: each test looks at its own places).</summary>
    private static List<string> ResultNames(AngleSharp.Html.Dom.IHtmlDocument page, string tag) =>
        ResultNames(page).Where(n => n.StartsWith(tag, StringComparison.Ordinal)).ToList();

    public static TheoryData<string, string> Filters => new()
    {
        { "services", Access },
        { "publics", "Seniors" },
        { "prise_en_charge", "Surdité" },
        { "frais", "Gratuit" },
        { "modalites_acces", "Se présenter" },
        { "dispositifs", "France Services" },
        { "ouvert", "true" },
        { "samedi", "true" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task EachFilterOfThePageNarrowsTheResults(string parameter, string value)
    {
        var point = NewPoint();
        var tag = NewTag();
        await factory.AddPlaceAsync($"{tag} oui", point.Lat, point.Lon, services: [Access], publics: ["Seniors"], supports: ["Surdité"], fees: ["Gratuit"],
            access: ["Se présenter"], programs: ["France Services"], hours: "24/7");
        await factory.AddPlaceAsync($"{tag} non", point.Lat, point.Lon, services: [Admin], publics: ["Jeunes"], supports: ["Illettrisme"], fees: ["Payant"],
            access: ["Téléphoner"], programs: ["Aidants Connect"], hours: "Mo-Fr 00:00-00:01");
        using var client = factory.CreateBrowserClient();

        var all = await Forms.GetDocumentAsync(client, $"/lieux?{At(point)}");
        var filtered = await Forms.GetDocumentAsync(client, $"/lieux?{At(point)}&{parameter}={Uri.EscapeDataString(value)}");

        Assert.Equal([$"{tag} non", $"{tag} oui"], ResultNames(all, tag).Order());
        Assert.Equal([$"{tag} oui"], ResultNames(filtered, tag));
        var box = filtered.QuerySelectorAll($"input[name='{parameter}']").Single(i => i.GetAttribute("value") == value);
        Assert.True(box.HasAttribute("checked"), "the chosen filter stays ticked");
    }

    [Fact]
    public async Task ThePriorityAreaFilterKeepsPlacesInAQpvOnly()
    {
        var point = NewPoint();
        var qpv = await factory.AddQuarterAsync(isPriorityArea: true);
        var tag = NewTag();
        await factory.AddPlaceAsync($"{tag} qpv", point.Lat, point.Lon, quarterId: qpv.Id);
        await factory.AddPlaceAsync($"{tag} hors qpv", point.Lat, point.Lon);
        using var client = factory.CreateBrowserClient();

        var page = await Forms.GetDocumentAsync(client, $"/lieux?{At(point)}&qpv=true");

        Assert.Equal([$"{tag} qpv"], ResultNames(page, tag));
    }

    public static TheoryData<string, string> ApiFilters => new()
    {
        { "services", Access },
        { "publics", "Seniors" },
        { "prise_en_charge", "Surdité" },
        { "frais", "Gratuit" },
        { "modalites_acces", "Se présenter" },
        { "dispositifs", "France Services" },
        { "ouvert_maintenant", "true" },
        { "ouvert_samedi", "true" },
    };

    [Theory]
    [MemberData(nameof(ApiFilters))]
    public async Task EachFilterOfTheApiNarrowsTheResults(string parameter, string value)
    {
        var tag = NewTag();
        await factory.AddPlaceAsync($"{tag} oui", services: [Access], publics: ["Seniors"], supports: ["Surdité"], fees: ["Gratuit"],
            access: ["Se présenter"], programs: ["France Services"], hours: "24/7");
        await factory.AddPlaceAsync($"{tag} non", services: [Admin], publics: ["Jeunes"], supports: ["Illettrisme"], fees: ["Payant"],
            access: ["Téléphoner"], programs: ["Aidants Connect"], hours: "Mo-Fr 00:00-00:01");
        using var client = factory.CreateApiClient(null);

        var all = await client.GetFromJsonAsync<JsonElement>($"/api/v1/lieux?q={tag}");
        var filtered = await client.GetFromJsonAsync<JsonElement>($"/api/v1/lieux?q={tag}&{parameter}={Uri.EscapeDataString(value)}");

        Assert.Equal(2, all.GetProperty("total").GetInt32());
        Assert.Equal([$"{tag} oui"], filtered.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task AnUnknownDispositifIsRefusedByTheApiWithTheAcceptedValues()
    {
        using var client = factory.CreateApiClient(null);

        using var response = await client.GetAsync("/api/v1/lieux?dispositifs=Inconnu");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("France Services", problem.GetProperty("errors").GetProperty("dispositifs")[0].GetString());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheFiltersOfTheSearch()
    {
        using var client = factory.CreateApiClient(null);

        var document = await client.GetStringAsync("/openapi/v1.json");

        foreach (var parameter in new[] { "\"lat\"", "\"lon\"", "\"rayon_km\"", "\"commune\"", "\"services\"", "\"dispositifs\"", "\"ouvert_maintenant\"", "\"ouvert_samedi\"", "\"qpv\"" })
        {
            Assert.Contains(parameter, document);
        }
    }

    [Fact]
    public async Task TheEmbeddablePageMayBeFramedAndOpensFichesInANewTabWhileOtherPagesMayNot()
    {
        var point = NewPoint();
        var tag = NewTag();
        var place = await factory.AddPlaceAsync($"{tag} intégré", point.Lat, point.Lon, services: [Access]);
        await factory.AddPlaceAsync($"{tag} autre service", point.Lat, point.Lon, services: [Admin]);
        using var client = factory.CreateBrowserClient();

        using var embed = await client.GetAsync($"/embed/lieux?{At(point)}&services={Uri.EscapeDataString(Access)}");
        using var search = await client.GetAsync("/lieux");
        using var fiche = await client.GetAsync($"/lieux/{place.Id}");

        Assert.Equal(HttpStatusCode.OK, embed.StatusCode);
        Assert.Contains("frame-ancestors *", embed.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(embed.Headers.Contains("X-Frame-Options"));
        foreach (var other in new[] { search, fiche })
        {
            Assert.Contains("frame-ancestors 'none'", other.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("DENY", other.Headers.GetValues("X-Frame-Options").Single());
        }

        var page = Forms.Parse(await embed.Content.ReadAsStringAsync());
        Assert.Null(page.QuerySelector("nav.site-nav"));
        Assert.Equal("/embed/lieux", page.QuerySelector("form[role=search]")?.GetAttribute("action"));
        var link = page.QuerySelector($"#liste-lieux a[href='/lieux/{place.Id}']");
        Assert.NotNull(link);
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Equal("noopener", link.GetAttribute("rel"));
        Assert.Contains("(nouvel onglet)", link.QuerySelector(".visually-hidden")?.TextContent);
        Assert.Equal([$"{tag} intégré"], ResultNames(page, tag).Select(n => n.Replace(" (nouvel onglet)", "", StringComparison.Ordinal)));
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
    }

    [Fact]
    public async Task TheHelpPageGivesAnIframeSnippetPointingToTheEmbeddableSearch()
    {
        using var client = factory.CreateBrowserClient();

        var page = await Forms.GetDocumentAsync(client, "/lieux/integrer");

        Assert.Equal("Intégrer la carte sur votre site", page.QuerySelector("h1")?.TextContent.Trim());
        var snippet = page.QuerySelector("#code-integration")?.TextContent;
        Assert.NotNull(snippet);
        Assert.Matches("^<iframe src=\"http[^\"]*/embed/lieux\" title=\"[^\"]+\"", snippet);
    }

    [Fact]
    public async Task AroundAPositionTheNearestComeFirstAndAPlaceTypedAfterwardsReplacesThePosition()
    {
        await factory.EnsureTerritoriesAsync();
        var tag = NewTag();
        await factory.AddPlaceAsync($"{tag} loin", 45.40, 4.39);
        await factory.AddPlaceAsync($"{tag} près", 45.3501, 4.39);
        await factory.AddPlaceAsync($"{tag} Roche", 45.43, 4.32, insee: "42189", postalCode: "42230", commune: "Roche-la-Molière");
        using var client = factory.CreateBrowserClient();

        var around = await Forms.GetDocumentAsync(client, "/lieux?ou=&lat=45.35&lon=4.39");
        var typed = await Forms.GetDocumentAsync(client, "/lieux?ou=42230&lat=45.35&lon=4.39");

        Assert.Equal([$"{tag} près", $"{tag} loin"], ResultNames(around).Where(n => n.StartsWith(tag, StringComparison.Ordinal)).Take(2));
        Assert.Contains("autour de vous", around.QuerySelector("#resultats")!.TextContent);
        Assert.Contains("distance depuis votre position", around.QuerySelector("main")!.TextContent);
        Assert.Equal("45.35", around.QuerySelector("form[role=search] input[type=hidden][name=lat]")?.GetAttribute("value"));
        Assert.Equal("4.39", around.QuerySelector("form[role=search] input[type=hidden][name=lon]")?.GetAttribute("value"));

        Assert.Contains("au code postal 42230", typed.QuerySelector("#resultats")!.TextContent);
        Assert.Contains($"{tag} Roche", ResultNames(typed));
        Assert.Null(typed.QuerySelector("form[role=search] input[type=hidden][name=lat]"));
    }

    [Fact]
    public async Task CommuneSuggestionsAreAShortJsonListOfMatchingCommunes()
    {
        await factory.EnsureTerritoriesAsync();
        using var client = factory.CreateBrowserClient();

        var communes = await client.GetFromJsonAsync<JsonElement>("/lieux?handler=communes&q=saint-chamo");
        var tooShort = await client.GetFromJsonAsync<JsonElement>("/lieux?handler=communes&q=s");

        var first = communes.EnumerateArray().First();
        Assert.Equal("Saint-Chamond", first.GetProperty("nom").GetString());
        Assert.Equal(MaillageFactory.SaintChamond, first.GetProperty("code").GetString());
        Assert.Equal(0, tooShort.GetArrayLength());
    }
}

/// <summary>Postal code searches, on a database of their own: the centre they sort from is the average of the places.</summary>
[Trait("Category", "Database")]
public sealed class PlacePostalCodeSearchTests(PlacePostalCodeSearchTests.Factory factory) : IClassFixture<PlacePostalCodeSearchTests.Factory>
{
    public sealed class Factory : MaillageFactory
    {
        public Factory() => WithSetting("RateLimiting:PublicPerMinute", "10000");
    }

    private const string RocheLaMoliere = "42189";

    [Fact]
    public async Task APostalCodeFindsThePlacesOfItsCommunesSortedByDistanceFromTheirCentre()
    {
        await factory.EnsureTerritoriesAsync();
        var tag = NewTag();
        var places = new[]
        {
            await factory.AddPlaceAsync($"{tag} Étienne nord", 45.47, 4.40, postalCode: "42100"),
            await factory.AddPlaceAsync($"{tag} Étienne centre", 45.44, 4.39, postalCode: "42000"),
            await factory.AddPlaceAsync($"{tag} Étienne sud", 45.41, 4.37, postalCode: "42100"),
            await factory.AddPlaceAsync($"{tag} Roche", 45.43, 4.32, insee: RocheLaMoliere, postalCode: "42230", commune: "Roche-la-Molière"),
        };
        await factory.AddPlaceAsync($"{tag} Chamond", 45.47, 4.51, insee: MaillageFactory.SaintChamond, postalCode: "42400", commune: "Saint-Chamond");
        using var client = factory.CreateBrowserClient();

        var single = await Forms.GetDocumentAsync(client, "/lieux?ou=42100");
        var shared = await Forms.GetDocumentAsync(client, "/lieux?ou=42230");

        // 42100 is one of Saint-Étienne's postal codes: all its places, whatever their own postal code, from the centre of the city's places.
        var city = places[..3];
        var (lat, lon) = (city.Average(p => p.Latitude!.Value), city.Average(p => p.Longitude!.Value));
        var expected = city.OrderBy(p => PlaceSearchQuery.DistanceKm(lat, lon, p.Latitude!.Value, p.Longitude!.Value)).Select(p => p.Name).ToList();
        Assert.Equal(expected, Names(single));
        Assert.Contains("à Saint-Étienne", single.QuerySelector("#resultats")!.TextContent);
        Assert.Contains("distance depuis le centre de Saint-Étienne", single.QuerySelector("main")!.TextContent);

        // 42230 is shared by Saint-Étienne and Roche-la-Molière: both communes' places, no « which commune? » question.
        var all = places.Select(p => p.Name).ToList();
        Assert.Equal(all.Order(), Names(shared).Order());
        Assert.Null(shared.QuerySelector("#choix-commune"));
        Assert.Contains("au code postal 42230", shared.QuerySelector("#resultats")!.TextContent);
        var (lat2, lon2) = (places.Average(p => p.Latitude!.Value), places.Average(p => p.Longitude!.Value));
        Assert.Equal(places.OrderBy(p => PlaceSearchQuery.DistanceKm(lat2, lon2, p.Latitude!.Value, p.Longitude!.Value)).Select(p => p.Name), Names(shared));
    }

    [Fact]
    public async Task AnUnknownPostalCodeIsExplainedNextToTheField()
    {
        await factory.EnsureTerritoriesAsync();
        using var client = factory.CreateBrowserClient();

        var page = await Forms.GetDocumentAsync(client, "/lieux?ou=99999");

        Assert.Equal("true", page.QuerySelector("#ou")?.GetAttribute("aria-invalid"));
        Assert.Contains("code postal 99999", page.QuerySelector("#where-error")?.TextContent);
    }

    private static List<string> Names(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#liste-lieux h3 a").Select(a => a.TextContent.Trim()).ToList();
}
