using System.Net;
using Maillage.Pages.Lieux;
using Maillage.Tests.Infrastructure;
using static Maillage.Tests.Features.Lieux.Search.PlaceSearchTestData;

namespace Maillage.Tests.Features.Lieux.Search;

/// <summary>The fiche's orientation sheet (print), its QR code, and its share link.</summary>
[Trait("Category", "Database")]
public sealed class PlaceFicheSharingTests(PlaceFicheSharingTests.Factory factory) : IClassFixture<PlaceFicheSharingTests.Factory>
{
    public sealed class Factory : MaillageFactory
    {
        public Factory()
        {
            WithSetting("RateLimiting:PublicPerMinute", "10000");
            WithSetting("PublicUrl", "https://maillage.exemple.fr/");
        }
    }

    [Fact]
    public async Task TheOrientationSheetHasTheUsefulFactsAndAQrCodeImageOfTheFiche()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} orientation", 45.44, 4.39, hours: "Mo-Fr 09:00-12:00", services: [Admin],
            publics: ["Seniors"], phone: "+33477480001");
        using var client = factory.CreateBrowserClient();

        var fiche = await Forms.GetDocumentAsync(client, $"/lieux/{place.Id}");
        var sheet = await Forms.GetDocumentAsync(client, $"/lieux/{place.Id}/orientation");

        Assert.Contains("Imprimer une fiche d'orientation", fiche.QuerySelector($"a[href='/lieux/{place.Id}/orientation']")?.TextContent);
        var text = sheet.QuerySelector("main")!.TextContent;
        Assert.Contains(place.Name, sheet.QuerySelector("h1")!.TextContent);
        Assert.Contains("1 rue de l'Essai", text);
        Assert.Contains("Lundi : 9 h – 12 h", text.Replace('\u00a0', ' '));
        Assert.Contains(Admin, text);
        Assert.Contains("Seniors", text);
        Assert.Equal("04 77 48 00 01", sheet.QuerySelector("a[href='tel:+33477480001']")?.TextContent);
        Assert.Contains($"https://maillage.exemple.fr/lieux/{place.Id}", text);
        Assert.Equal($"/lieux/{place.Id}/orientation?handler=qr", sheet.QuerySelector(".orientation-qr img")?.GetAttribute("src"));
        Assert.NotNull(sheet.QuerySelector("link[href^='/css/lieux-fiche.css']"));
        Assert.Empty(sheet.QuerySelectorAll("[style], script:not([src])"));
    }

    [Fact]
    public async Task TheQrCodeIsAnSvgOfTheFichesAbsoluteAddressForPublishedPlacesOnly()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} qr");
        var hidden = await factory.AddPlaceAsync($"{NewTag()} qr caché", published: false);
        using var client = factory.CreateBrowserClient();

        using var response = await client.GetAsync($"/lieux/{place.Id}/orientation?handler=qr");
        using var unpublished = await client.GetAsync($"/lieux/{hidden.Id}/orientation?handler=qr");
        using var unknown = await client.GetAsync("/lieux/999999/orientation?handler=qr");
        using var unknownSheet = await client.GetAsync("/lieux/999999/orientation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.Contains("<svg", svg);
        // The same image as the one generated for that address (and not for another fiche's).
        Assert.Equal(OrientationModel.QrSvg($"https://maillage.exemple.fr/lieux/{place.Id}"), svg);
        Assert.NotEqual(OrientationModel.QrSvg($"https://maillage.exemple.fr/lieux/{hidden.Id}"), svg);
        Assert.Equal(HttpStatusCode.NotFound, unpublished.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSheet.StatusCode);
    }

    [Fact]
    public async Task TheFicheOffersItsCanonicalAddressToCopyAndAProgressiveShareButton()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} partage");
        using var client = factory.CreateBrowserClient();

        var fiche = await Forms.GetDocumentAsync(client, $"/lieux/{place.Id}");

        var field = fiche.QuerySelector("#lien-fiche");
        Assert.Equal($"https://maillage.exemple.fr/lieux/{place.Id}", field?.GetAttribute("value"));
        Assert.True(field!.HasAttribute("readonly"));
        Assert.Equal("Adresse de cette fiche", fiche.QuerySelector("label[for=lien-fiche]")?.TextContent);
        Assert.True(fiche.QuerySelector(".place-share")!.HasAttribute("hidden"), "the share buttons need JavaScript: hidden until the script shows them");
        Assert.NotNull(fiche.QuerySelector("script[src^='/js/lieux-fiche.js']"));
        Assert.Empty(fiche.QuerySelectorAll("[style], script:not([src])"));
    }
}
