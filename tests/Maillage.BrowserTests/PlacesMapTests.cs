using Maillage.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>
/// The map of /lieux is an enhancement of the list: with JavaScript it shows the same places as the list (markers, or
/// clusters adding up to as many); without JavaScript only the list shows. Tiles are never fetched (tests run offline).
/// </summary>
public sealed class PlacesMapTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    /// <summary>Places on the map: single markers plus what each cluster counts.</summary>
    private const string MappedPlacesScript = """
        () => {
            const map = document.getElementById('carte-lieux');
            if (!map) return -1;
            let total = map.querySelectorAll('img.leaflet-marker-icon').length;
            map.querySelectorAll('.places-cluster').forEach(c => total += parseInt(c.textContent, 10));
            return total;
        }
        """;

    [Fact]
    public Task TheMapShowsAsManyPlacesAsTheList() => RunAsync(async page =>
    {
        await BlockExternalRequestsAsync(page);
        await VisitAsync(page, "/lieux?ou=42100");

        var items = page.Locator("#liste-lieux > li");
        var count = await items.CountAsync();
        Assert.True(count > 0, "The search for 42100 should find places.");
        Assert.Equal(count, await page.Locator("#liste-lieux > li[data-lat][data-lon]").CountAsync());

        var map = page.GetByRole(AriaRole.Region, new() { Name = "Carte des lieux de cette page" });
        await Expect(map).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Passer la carte" })).ToHaveAttributeAsync("href", "#liste-lieux");
        await Expect(map).ToHaveAttributeAsync("data-tile-url", "https://tile.openstreetmap.org/{z}/{x}/{y}.png");
        await page.WaitForFunctionAsync($"() => ({MappedPlacesScript})() === {count}");
        await AssertAccessibleAsync(page, "carte affichée");

        // A single marker (reached with the keyboard) opens a popup linking to the fiche of its place.
        var marker = map.Locator("img.leaflet-marker-icon").First;
        if (await map.Locator("img.leaflet-marker-icon").CountAsync() > 0)
        {
            var name = await marker.GetAttributeAsync("alt");
            await marker.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            var link = map.Locator(".leaflet-popup-content a");
            await Expect(link).ToHaveTextAsync(name!);
            await Expect(link).ToHaveAttributeAsync("href", await page.Locator("#liste-lieux > li", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = name!, Exact = true }) }).First.GetAttributeAsync("data-url") ?? "");
            // Leaflet fades the popup in: axe judges its colours once it is opaque.
            await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('#carte-lieux .leaflet-popup')).opacity === '1'");
            await AssertAccessibleAsync(page, "bulle ouverte");
        }
    });

    [Fact]
    public Task WithoutJavaScriptTheListWorksAndNoMapShows() => RunAsync(async _ =>
    {
        var context = await App.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
            JavaScriptEnabled = false,
        });
        try
        {
            var page = await context.NewPageAsync();
            await BlockExternalRequestsAsync(page);
            await page.GotoAsync("/lieux");
            await page.GetByLabel("Votre commune ou votre code postal").FillAsync("42100");
            await page.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(PathPattern("/lieux"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("lieux trouvés");

            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "EPN de la Cotonne" })).ToBeVisibleAsync();
            Assert.True(await page.Locator("#liste-lieux > li").CountAsync() > 0);
            await Expect(page.Locator("#carte-lieux")).ToBeHiddenAsync();
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Carte des lieux de cette page" })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Passer la carte" })).ToHaveCountAsync(0);
            await Expect(page.Locator("#carte-lieux .leaflet-marker-icon")).ToHaveCountAsync(0);
        }
        finally
        {
            await context.CloseAsync();
        }
    });

    /// <summary>Only the application answers: tile requests fail at once, as they would offline.</summary>
    private Task BlockExternalRequestsAsync(IPage page) =>
        page.RouteAsync(url => !url.StartsWith(App.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal), route => route.AbortAsync());
}
