using Maillage.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>On a phone, the coordinator finds an object of the demo fleet, opens it, and scans labels (known and unknown).</summary>
public sealed class MaterielTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const int Phone = 375;

    [Fact]
    public Task The_coordinator_searches_the_fleet_opens_an_item_and_scans_labels() => RunAsync(nameof(The_coordinator_searches_the_fleet_opens_an_item_and_scans_labels), Phone, async page =>
    {
        await SignInAsync(page, "coordination@demo.maillage.fr");
        await VisitAsync(page, "/");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Matériel", Exact = true }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Matériel");
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("229 objets");
        await AssertAccessibleAsync(page, "fleet");
        await Screenshots.SaveAsync(page, "materiel-parc-telephone");

        // The drones in repair or broken: filter by category, then by status.
        await page.GetByLabel("Catégorie").SelectOptionAsync(new SelectOptionValue { Label = "Drone" });
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("8 objets correspondant aux critères");
        await AssertAccessibleAsync(page, "drones");

        await page.GetByLabel("Rechercher", new() { Exact = true }).FillAsync("tab-0004");
        await page.GetByLabel("Catégorie").SelectOptionAsync(new SelectOptionValue { Label = "Toutes" });
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("1 objet");
        await AssertAccessibleAsync(page, "search by tag");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "TAB-0004" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("TAB-0004");
        await Expect(page.GetByText("En maintenance").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Historique" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "item");
        await Screenshots.SaveAsync(page, "materiel-objet-telephone");

        // Back from repair, after the confirmation step; the history says so.
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Remettre en service" }));
        await AssertAccessibleAsync(page, "status confirmation");
        await page.GetByLabel("Raison (facultatif)").FillAsync("Écran remplacé");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Remettre en service" }));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("TAB-0004 est maintenant « disponible »");
        await Expect(page.Locator(".item-history")).ToContainTextAsync("En maintenance → Disponible : Écran remplacé.");
        await AssertAccessibleAsync(page, "item back in service");

        // Adding an object: French errors on the fields, then the next tag of the category.
        await VisitAsync(page, "/materiel/nouveau");
        await AssertAccessibleAsync(page, "new item");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Indiquez le modèle");
        await AssertAccessibleAsync(page, "new item with errors");
        await page.GetByLabel("Catégorie").SelectOptionAsync(new SelectOptionValue { Label = "Casque de réalité virtuelle" });
        await page.GetByLabel("Modèle").FillAsync("Meta Quest 3S");
        await page.GetByLabel("Structure propriétaire").SelectOptionAsync(new SelectOptionValue { Label = "Ville de Saint-Étienne — Unité Inclusion numérique" });
        await page.GetByLabel("Accessoires à vérifier au départ et au retour (facultatif)").FillAsync("Manettes (2)\nChargeur");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Objet ajouté au parc avec l'étiquette VR-0021");
        await AssertAccessibleAsync(page, "new item saved");

        // Labels of the VR headsets on a partly used sheet; the QR code's address opens the item, as a phone scanning it would.
        await VisitAsync(page, "/materiel/etiquettes?categorie=&q=VR-&format=L7160&debut=4");
        await Expect(page.Locator(".label[data-url]")).ToHaveCountAsync(21);
        await AssertAccessibleAsync(page, "labels");
        await Screenshots.SaveAsync(page, "materiel-etiquettes");
        var scanned = await page.Locator(".label[data-url]").Nth(1).GetAttributeAsync("data-url");
        await VisitAsync(page, scanned!);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("VR-0002 — Meta Quest 3");
        await AssertAccessibleAsync(page, "scanned label");

        await VisitAsync(page, "/materiel/kits");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Valise tablettes n° 1" }));
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("4G-0001");
        await AssertAccessibleAsync(page, "kit");
        await VisitAsync(page, "/materiel/kits");
        await AssertAccessibleAsync(page, "kits");

        await VisitAsync(page, "/materiel/categories");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Drone" })).ToContainTextAsync("DRN-");
        await AssertAccessibleAsync(page, "categories");

        // Import: nothing chosen is refused with a French message, nothing saved.
        await VisitAsync(page, "/materiel/import");
        await AssertAccessibleAsync(page, "import");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Importer" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Choisissez le fichier CSV à importer.");
        await AssertAccessibleAsync(page, "import report");

        // A scanned label opens the item; a worn or foreign one says which code was read.
        await VisitAsync(page, "/materiel/t/vr-0002");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("VR-0002 — Meta Quest 3");
        await AssertAccessibleAsync(page, "scanned item");
        await VisitAsync(page, "/materiel/t/ABC-404");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Étiquette inconnue : ABC-404");
        await AssertAccessibleAsync(page, "unknown label");
    });
}
