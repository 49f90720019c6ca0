using Maillage.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>
/// The places back office (/gestion/lieux): a coordinator finds a demo place, changes its hours with the weekly grid and its
/// phone, saves, and reads the change in the place's history; axe-core runs on the list, new, edit and details pages.
/// Tiles are never fetched (tests run offline): the position map still shows, on a grey background.
/// </summary>
public sealed class PlacesBackOfficeTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    [Fact]
    public Task A_coordinator_edits_a_demo_places_hours_with_the_grid_and_its_phone_then_sees_the_history() => RunAsync(async page =>
    {
        await BlockExternalRequestsAsync(page);
        await SignInAsync(page, "coordination@demo.maillage.fr");
        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Gérer les lieux" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern("/gestion/lieux"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Gérer les lieux");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Rechercher" }).FillAsync("terrenoire");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        var table = page.GetByRole(AriaRole.Table);
        await Expect(table.Locator("tbody").GetByRole(AriaRole.Row)).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page, "filtered");

        await table.GetByRole(AriaRole.Link, new() { Name = "EPN Terrenoire" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("EPN Terrenoire");
        await AssertAccessibleAsync(page);
        var detailsUrl = page.Url;

        await page.GetByRole(AriaRole.Link, new() { Name = "Modifier", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Modifier « EPN Terrenoire »");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Carte : position du lieu" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        // Demo hours: "We 09:00-12:00; Sa 09:00-12:00". Add Friday afternoon, and a second Wednesday slot.
        await Expect(page.GetByLabel("Mercredi, plage 1, ouverture")).ToHaveValueAsync("09:00");
        await page.GetByLabel("Vendredi, plage 1, ouverture").FillAsync("14:00");
        await page.GetByLabel("Vendredi, plage 1, fermeture").FillAsync("17:30");
        await page.GetByLabel("Mercredi, plage 2, ouverture").FillAsync("14:00");
        await page.GetByLabel("Mercredi, plage 2, fermeture").FillAsync("16:00");
        await page.GetByLabel("Téléphone", new() { Exact = true }).FillAsync("04 77 12 34 56");

        // A click on the map moves the marker there and writes the position into the fields.
        var latitude = page.GetByLabel("Latitude", new() { Exact = true });
        await Expect(latitude).ToHaveValueAsync("45.4335");
        var map = page.GetByRole(AriaRole.Region, new() { Name = "Carte : position du lieu" });
        var box = (await map.BoundingBoxAsync())!;
        await map.ClickAsync(new() { Position = new() { X = box.Width / 2 + 90, Y = box.Height / 2 + 70 } });
        await Expect(latitude).Not.ToHaveValueAsync("45.4335");
        var moved = double.Parse(await latitude.InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(moved, 45.40, 45.4335);
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }));

        await Expect(page).ToHaveURLAsync(detailsUrl);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Le lieu « EPN Terrenoire » a été enregistré.");
        var hours = page.GetByRole(AriaRole.Region, new() { Name = "Horaires" });
        await Expect(hours).ToContainTextAsync("Mercredi : 9 h – 12 h, 14 h – 16 h");
        await Expect(hours).ToContainTextAsync("Vendredi : 14 h – 17 h 30");
        var history = page.GetByRole(AriaRole.Table, new() { Name = "Modifications du lieu" });
        var row = history.Locator("tbody tr").First;
        await Expect(row).ToContainTextAsync("Mariane Coordination");
        await Expect(row).ToContainTextAsync("Modification");
        await Expect(row).ToContainTextAsync("Téléphone");
        await Expect(row).ToContainTextAsync("+33477123456");
        await Expect(row).ToContainTextAsync("We 09:00-12:00,14:00-16:00; Fr 14:00-17:30; Sa 09:00-12:00");
        await Expect(row).ToContainTextAsync("Latitude");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Résumé" })).ToContainTextAsync("Origine : Placé à la main sur la carte");
        await AssertAccessibleAsync(page, "saved");

        // The creation form, empty, then with its errors.
        await page.GetByRole(AriaRole.Link, new() { Name = "Retour à la liste des lieux" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouveau lieu" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Nouveau lieu");
        await AssertAccessibleAsync(page);
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Créer le lieu" }));
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Le formulaire contient" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Nom du lieu (obligatoire)")).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertAccessibleAsync(page, "errors");
    });

    /// <summary>Only the application answers: tile requests fail at once, as they would offline.</summary>
    private Task BlockExternalRequestsAsync(IPage page) =>
        page.RouteAsync(url => !url.StartsWith(App.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal), route => route.AbortAsync());
}
