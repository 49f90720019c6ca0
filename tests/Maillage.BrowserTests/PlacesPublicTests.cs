using System.Globalization;
using System.Text.RegularExpressions;
using Maillage.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>
/// The public side of the places beyond the search itself: finding the nearest open place without JavaScript, the report
/// of an error from a fiche to the coordinators' queue, the orientation sheet and the embeddable search.
/// </summary>
public sealed partial class PlacesPublicTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    [Fact]
    public Task WithoutJavaScriptAPersonFindsTheNearestOpenPlaceFromAPostalCode() => RunAsync(async _ =>
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
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Autour de moi" })).ToBeHiddenAsync();
            await page.GetByLabel("Votre commune ou votre code postal").FillAsync("42100");
            await page.GetByLabel("Ouvert maintenant").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("ouvert=true"));
            var heading = page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("lieu") });
            await Expect(heading).ToContainTextAsync("à Saint-Étienne");

            // The demo places keep fixed hours: at night or on Sunday none is open. Then the person unticks the box,
            // as the empty state suggests, and takes the nearest place of all.
            var open = !(await heading.TextContentAsync())!.Contains("Aucun lieu", StringComparison.Ordinal);
            if (!open)
            {
                await Expect(page.Locator(".empty-state")).ToContainTextAsync("décochant");
                await page.GetByLabel("Ouvert maintenant").UncheckAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("lieux trouvés") })).ToBeVisibleAsync();
            }

            await Expect(page.Locator("main")).ToContainTextAsync("Du plus proche au plus loin (distance depuis le centre de Saint-Étienne");
            var items = page.Locator("#liste-lieux > li");
            Assert.True(await items.CountAsync() > 0);
            var distances = new List<double>();
            foreach (var text in await items.Locator("p", new() { HasTextRegex = new Regex("^À ") }).AllTextContentsAsync())
            {
                distances.Add(Kilometres(text));
            }

            Assert.Equal(await items.CountAsync(), distances.Count);
            Assert.Equal(distances.Order(), distances);
            if (open)
            {
                foreach (var status in await items.Locator("strong").AllTextContentsAsync())
                {
                    Assert.StartsWith("Ouvert", status, StringComparison.Ordinal);
                }
            }

            var nearest = items.First.GetByRole(AriaRole.Link);
            var name = (await nearest.TextContentAsync())!.Trim();
            await nearest.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Signaler une erreur" })).ToBeVisibleAsync();

            // Without JavaScript the share buttons stay hidden; the address is there to copy.
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Partager" })).ToBeHiddenAsync();
            await Expect(page.GetByLabel("Adresse de cette fiche")).ToHaveValueAsync(new Regex("/lieux/[0-9]+$"));
        }
        finally
        {
            await context.CloseAsync();
        }
    });

    [Fact]
    public Task AnErrorReportedOnAFicheReachesTheCoordinatorWhoClosesIt() => RunAsync(async page =>
    {
        var message = $"Le lieu est fermé le mercredi après-midi ({Guid.NewGuid():N}).";
        await BlockExternalRequestsAsync(page);
        await VisitAsync(page, "/lieux?ou=42100");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "EPN de la Cotonne" }));
        await AssertAccessibleAsync(page, "fiche");
        var ficheUrl = page.Url;

        // The orientation sheet: the facts and the QR code, ready to print.
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Imprimer une fiche d'orientation" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("EPN de la Cotonne");
        var qr = page.GetByRole(AriaRole.Img, new() { Name = "QR code vers la fiche en ligne de ce lieu" });
        await Expect(qr).ToBeVisibleAsync();
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the QR code image loads under the page's CSP");
        await AssertAccessibleAsync(page, "fiche d'orientation");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator("header.site-header")).ToBeHiddenAsync();
        await Expect(qr).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await VisitAsync(page, ficheUrl);
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Signaler une erreur" }).First);
        await AssertAccessibleAsync(page, "formulaire de signalement");

        // Sent empty: the errors say what to do, on the fields.
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le signalement" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Choisissez ce qui est faux");
        await Expect(page.GetByLabel("Votre message")).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertAccessibleAsync(page, "formulaire avec erreurs");

        await page.GetByLabel("Les horaires sont faux").CheckAsync();
        await page.GetByLabel("Votre message").FillAsync(message);
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le signalement" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Merci, votre signalement est envoyé");
        await AssertAccessibleAsync(page, "confirmation");

        // The coordinator of Saint-Étienne finds it in the queue and closes it.
        var staff = await OpenPageAsync();
        await SignInAsync(staff, "coordination@demo.maillage.fr");
        await ClickAndWaitForNewDocumentAsync(staff, MainMenu(staff).GetByRole(AriaRole.Link, new() { Name = "Signalements" }));
        await AssertAccessibleAsync(staff, "file des signalements");
        var card = staff.Locator("li.card", new() { HasText = message });
        await Expect(card).ToContainTextAsync("EPN de la Cotonne");
        await Expect(card).ToContainTextAsync("Les horaires sont faux");
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Modifier la fiche de EPN de la Cotonne" })).ToHaveAttributeAsync("href", new Regex("^/gestion/lieux/[0-9]+/modifier$"));
        await ClickAndWaitForNewDocumentAsync(staff, card.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Classer ce signalement") }));
        await AssertAccessibleAsync(staff, "classer");
        await staff.GetByLabel(new Regex("^Traité")).CheckAsync();
        await staff.GetByLabel(new Regex("^Note")).FillAsync("Horaires du mercredi corrigés.");
        await ClickAndWaitForNewDocumentAsync(staff, staff.GetByRole(AriaRole.Button, new() { Name = "Classer le signalement" }));
        await Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("est classé : traité");
        await Expect(staff.Locator("main")).Not.ToContainTextAsync(message);
        await AssertAccessibleAsync(staff, "file après classement");

        await staff.GetByLabel("État").SelectOptionAsync("traite");
        await ClickAndWaitForNewDocumentAsync(staff, staff.GetByRole(AriaRole.Button, new() { Name = "Afficher" }));
        await Expect(staff.Locator("li.card", new() { HasText = message })).ToContainTextAsync("Traité le");
        await Expect(staff.Locator("li.card", new() { HasText = message })).ToContainTextAsync("Mariane Coordination");
        await AssertAccessibleAsync(staff, "signalements traités");
    });

    [Fact]
    public Task TheEmbeddableSearchShowsTheSamePlacesOnItsMapAndOpensFichesInANewTab() => RunAsync(async page =>
    {
        await BlockExternalRequestsAsync(page);
        await VisitAsync(page, "/embed/lieux?commune=42218");

        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal" })).ToHaveCountAsync(0);
        var items = page.Locator("#liste-lieux > li");
        var count = await items.CountAsync();
        Assert.True(count > 0);
        await page.WaitForFunctionAsync($$"""
            () => {
                const map = document.getElementById('carte-lieux');
                if (!map) return false;
                let total = map.querySelectorAll('img.leaflet-marker-icon').length;
                map.querySelectorAll('.places-cluster').forEach(c => total += parseInt(c.textContent, 10));
                return total === {{count}};
            }
            """);
        var first = items.First.GetByRole(AriaRole.Link);
        await Expect(first).ToHaveAttributeAsync("target", "_blank");
        await Expect(first).ToContainTextAsync("(nouvel onglet)");
        await AssertAccessibleAsync(page, "recherche intégrée avec carte");

        // Framed as on a partner's site: the page loads inside the iframe.
        await page.SetContentAsync($"<html lang=\"fr\"><head><title>Partenaire</title></head><body><main><h1>Partenaire</h1><iframe title=\"Lieux\" src=\"{App.Url("/embed/lieux?commune=42218")}\" width=\"800\" height=\"600\"></iframe></main></body></html>");
        var frame = page.FrameLocator("iframe[title=Lieux]");
        await Expect(frame.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Trouver de l'aide près de chez moi");

        await VisitAsync(page, "/lieux/integrer");
        await Expect(page.GetByLabel("Code d'intégration (toute la recherche)")).ToHaveValueAsync(new Regex("^<iframe src=\"http[^\"]+/embed/lieux\""));
    });

    [Fact]
    public Task AroundMeAsksTheBrowsersPositionAndListsThePlacesNearestFirst() => RunAsync(async _ =>
    {
        var context = await App.NewContextAsync();
        try
        {
            await context.GrantPermissionsAsync(["geolocation"]);
            await context.SetGeolocationAsync(new Geolocation { Latitude = 45.4397f, Longitude = 4.3872f });
            var page = await context.NewPageAsync();
            await BlockExternalRequestsAsync(page);
            await VisitAsync(page, "/lieux");
            await page.GetByLabel("Votre commune ou votre code postal").FillAsync("Lyon");

            await page.GetByRole(AriaRole.Button, new() { Name = "Autour de moi" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("lat=45\\.4397.*lon=4\\.387"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, NameRegex = new Regex("lieux trouvés autour de vous$") })).ToBeVisibleAsync();
            await Expect(page.Locator("main")).ToContainTextAsync("distance depuis votre position");
            await Expect(page.GetByLabel("Votre commune ou votre code postal")).ToHaveValueAsync("");
            var distances = new List<double>();
            foreach (var text in await page.Locator("#liste-lieux > li p", new() { HasTextRegex = new Regex("^À ") }).AllTextContentsAsync())
            {
                distances.Add(Kilometres(text));
            }

            Assert.NotEmpty(distances);
            Assert.Equal(distances.Order(), distances);
            await AssertAccessibleAsync(page, "autour de moi");
            await page.GetByText("Plus de critères").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Dispositifs et programmes nationaux" })).ToBeVisibleAsync();
            await AssertAccessibleAsync(page, "plus de critères");

            // The commune suggestions come as the person types.
            await page.GetByLabel("Votre commune ou votre code postal").PressSequentiallyAsync("saint-cha");
            await Expect(page.Locator("#communes-suggestions option[value='Saint-Chamond']")).ToHaveCountAsync(1);
        }
        finally
        {
            await context.CloseAsync();
        }
    });

    /// <summary>« À 320 m » or « À 1,4 km » in kilometres.</summary>
    private static double Kilometres(string text)
    {
        var match = DistancePattern().Match(text);
        Assert.True(match.Success, $"Not a distance: {text}");
        var value = double.Parse(match.Groups[1].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        return match.Groups[2].Value == "m" ? value / 1000 : value;
    }

    [GeneratedRegex(@"^À ([0-9]+(?:,[0-9]+)?) (m|km)$")]
    private static partial Regex DistancePattern();

    /// <summary>Only the application answers: tile requests fail at once, as they would offline.</summary>
    private Task BlockExternalRequestsAsync(IPage page) =>
        page.RouteAsync(url => !url.StartsWith(App.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal), route => route.AbortAsync());
}
