using System.Net;
using Maillage.Data;
using Maillage.Features.Lieux.Search;
using Maillage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Maillage.Tests.Features.Lieux.Search.PlaceSearchTestData;

namespace Maillage.Tests.Features.Lieux.Search;

/// <summary>The public /lieux pages, read as server-rendered HTML (no JavaScript).</summary>
[Trait("Category", "Database")]
public sealed class PlacePagesTests(PlacePagesTests.Factory factory) : IClassFixture<PlacePagesTests.Factory>
{
    public sealed class Factory : MaillageFactory
    {
        public Factory() => WithSetting("RateLimiting:PublicPerMinute", "10000");
    }

    private static List<string> ResultNames(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#resultats ~ .cards h3 a").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task TheCommunePageListsThatCommunesPlacesByDistanceFromItsCentreWithoutJavaScript()
    {
        await factory.EnsureTerritoriesAsync();
        var tag = NewTag();
        var far = await factory.AddPlaceAsync($"{tag} Chamond loin", 45.50, 4.50, insee: MaillageFactory.SaintChamond, postalCode: "42400", commune: "Saint-Chamond");
        var near = await factory.AddPlaceAsync($"{tag} Chamond centre", 45.47, 4.51, insee: MaillageFactory.SaintChamond, postalCode: "42400", commune: "Saint-Chamond");
        await factory.AddPlaceAsync($"{tag} Chamond centre bis", 45.47, 4.51, insee: MaillageFactory.SaintChamond, postalCode: "42400", commune: "Saint-Chamond");
        await factory.AddPlaceAsync($"{tag} Chamond fermé au public", 45.47, 4.51, insee: MaillageFactory.SaintChamond, published: false);
        await factory.AddPlaceAsync($"{tag} Étienne", 45.44, 4.39);
        using var client = factory.CreateBrowserClient();

        var page = await Forms.GetDocumentAsync(client, $"/lieux?commune={MaillageFactory.SaintChamond}");

        var names = ResultNames(page).Where(n => n.StartsWith(tag, StringComparison.Ordinal)).ToList();
        Assert.Equal([$"{tag} Chamond centre", $"{tag} Chamond centre bis", $"{tag} Chamond loin"], names);
        Assert.Contains("à Saint-Chamond", page.QuerySelector("#resultats")!.TextContent);
        Assert.Contains("distance depuis le centre de Saint-Chamond", page.QuerySelector("main")!.TextContent);
        Assert.NotNull(page.QuerySelector($"a[href='/lieux/{near.Id}']"));
        Assert.NotNull(page.QuerySelector($"a[href='/lieux/{far.Id}']"));
        Assert.Equal("Saint-Chamond", page.QuerySelector("#ou")?.GetAttribute("value"));
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
    }

    [Fact]
    public async Task ATypedCommuneNameOrPostalCodeIsResolvedAndSeveralMatchesAreOfferedAsLinks()
    {
        await factory.EnsureTerritoriesAsync();
        var tag = NewTag();
        await factory.AddPlaceAsync($"{tag} Chamond", 45.47, 4.51, insee: MaillageFactory.SaintChamond, postalCode: "42400", commune: "Saint-Chamond");
        using var client = factory.CreateBrowserClient();

        var byName = await Forms.GetDocumentAsync(client, "/lieux?ou=saint+chamond");
        var byPostalCode = await Forms.GetDocumentAsync(client, "/lieux?ou=42400");
        var several = await Forms.GetDocumentAsync(client, "/lieux?ou=saint&ouvert=true");

        Assert.Contains($"{tag} Chamond", ResultNames(byName));
        Assert.Contains($"{tag} Chamond", ResultNames(byPostalCode));
        var choices = several.QuerySelectorAll("#choix-commune ~ ul a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/lieux?commune={MaillageFactory.SaintEtienne}&ouvert=true", choices);
        Assert.Contains($"/lieux?commune={MaillageFactory.SaintChamond}&ouvert=true", choices);
    }

    [Fact]
    public async Task AnUnknownCommuneIsExplainedNextToTheField()
    {
        await factory.EnsureTerritoriesAsync();
        using var client = factory.CreateBrowserClient();

        var page = await Forms.GetDocumentAsync(client, "/lieux?ou=Zzyzx");

        Assert.Equal("true", page.QuerySelector("#ou")?.GetAttribute("aria-invalid"));
        Assert.Contains("Nous ne trouvons pas de commune « Zzyzx »", page.QuerySelector("#where-error")?.TextContent);
    }

    [Fact]
    public async Task FiltersOfThePageNarrowTheListAndAnEmptyResultSuggestsWideningAndTheNationalLine()
    {
        await factory.EnsureTerritoriesAsync();
        var qpv = await factory.AddQuarterAsync(isPriorityArea: true);
        var tag = NewTag();
        await factory.AddPlaceAsync($"{tag} samedi", 45.44, 4.39, hours: "Sa 09:00-12:00", services: [Admin], quarterId: qpv.Id);
        await factory.AddPlaceAsync($"{tag} semaine", 45.44, 4.39, hours: "Mo-Fr 09:00-12:00", services: [Admin]);
        using var client = factory.CreateBrowserClient();

        var saturday = await Forms.GetDocumentAsync(client, $"/lieux?commune={MaillageFactory.SaintEtienne}&samedi=true&services={Uri.EscapeDataString(Admin)}");
        var inQpv = await Forms.GetDocumentAsync(client, $"/lieux?commune={MaillageFactory.SaintEtienne}&qpv=true");
        var none = await Forms.GetDocumentAsync(client, $"/lieux?commune={MaillageFactory.SaintChamond}&services={Uri.EscapeDataString("Acquisition de matériel informatique à prix solidaire")}");

        Assert.Contains($"{tag} samedi", ResultNames(saturday));
        Assert.DoesNotContain($"{tag} semaine", ResultNames(saturday));
        Assert.Contains($"{tag} samedi", ResultNames(inQpv));
        Assert.DoesNotContain($"{tag} semaine", ResultNames(inQpv));
        var empty = none.QuerySelector(".empty-state");
        Assert.NotNull(empty);
        Assert.NotNull(empty.QuerySelector($"a[href='/lieux?commune={MaillageFactory.SaintChamond}']"));
        Assert.NotNull(empty.QuerySelector("a[href='tel:+33170772372']"));
    }

    [Fact]
    public async Task TheFicheShowsHoursServicesAndRouteLinks()
    {
        var tag = NewTag();
        var place = await factory.AddPlaceAsync($"{tag} fiche", 45.44, 4.39, hours: "24/7", services: [Admin], phone: "+33477480001");
        using var client = factory.CreateBrowserClient();

        var page = await Forms.GetDocumentAsync(client, $"/lieux/{place.Id}");

        Assert.Equal($"{tag} fiche", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("Ouvert 24 h/24, 7 j/7", page.QuerySelector("main")!.TextContent);
        Assert.Contains("Lundi : ouvert 24 h/24", page.QuerySelector("main")!.TextContent);
        Assert.Equal("04 77 48 00 01", page.QuerySelector("a[href='tel:+33477480001']")?.TextContent);
        Assert.NotNull(page.QuerySelector("a[href='geo:45.44,4.39']"));
        Assert.NotNull(page.QuerySelector("a[href^='https://www.openstreetmap.org/directions']"));
        Assert.Contains(Admin, page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task TheFicheOfAnUnpublishedOrUnknownPlaceIsNotFound()
    {
        var hidden = await factory.AddPlaceAsync($"{NewTag()} caché", 45.44, 4.39, published: false);
        using var client = factory.CreateBrowserClient();

        using var unpublished = await client.GetAsync($"/lieux/{hidden.Id}");
        using var unknown = await client.GetAsync("/lieux/987654321");

        Assert.Equal(HttpStatusCode.NotFound, unpublished.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain("caché", await unpublished.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSameSearchObjectServesThePageWithOnlyPublishedPlacesAndExactDistances()
    {
        var tag = NewTag();
        await factory.AddPlaceAsync($"{tag} visible", 45.0 + DegreesPerKm, 4.0);
        await factory.AddPlaceAsync($"{tag} invisible", 45.0, 4.0, published: false);

        var result = await factory.WithDbAsync(db => new PlaceSearch { Latitude = 45, Longitude = 4, RadiusKm = 5, Text = tag }
            .RunAsync(db, DateTimeOffset.UtcNow, CancellationToken.None));

        var hit = Assert.Single(result.Items);
        Assert.Equal($"{tag} visible", hit.Name);
        Assert.Equal(1.0, hit.DistanceKm!.Value, 0.005);
    }
}

public sealed class PlaceDistanceTextTests
{
    [Theory]
    [InlineData(0.001, "10 m")]
    [InlineData(0.32, "320 m")]
    [InlineData(0.996, "1,0 km")]
    [InlineData(1.44, "1,4 km")]
    [InlineData(9.96, "10 km")]
    [InlineData(27.4, "27 km")]
    public void DistancesAreWrittenInMetresThenKilometresTheFrenchWay(double km, string expected) =>
        Assert.Equal(expected, Maillage.Pages.Lieux.IndexModel.Kilometres(km));
}
