using Maillage.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>A person finds a place of the demo network from the home page, by postal code, and opens its fiche.</summary>
public sealed class PlacesSearchTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    [Fact]
    public Task APersonFindsAPlaceByPostalCodeAndOpensItsFiche() => RunAsync(async page =>
    {
        await VisitAsync(page, "/");
        await ClickAndWaitForNewDocumentAsync(page, MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Trouver un lieu" }));
        await AssertAccessibleAsync(page);

        await page.GetByLabel("Votre commune ou votre code postal").FillAsync("42100");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Chercher" }));
        await AssertAccessibleAsync(page, "résultats");

        var fiche = page.GetByRole(AriaRole.Link, new() { Name = "EPN de la Cotonne" });
        await Expect(fiche).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "EPN Seniors — Office stéphanois des personnes âgées" })).ToBeVisibleAsync();
        await ClickAndWaitForNewDocumentAsync(page, fiche);
        await AssertAccessibleAsync(page, "fiche");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("EPN de la Cotonne");
        await Expect(page.Locator("main")).ToContainTextAsync("12 rue de la Cotonne");
        await Expect(page.Locator("main a[href^='tel:']").First).ToBeVisibleAsync();
    });
}
