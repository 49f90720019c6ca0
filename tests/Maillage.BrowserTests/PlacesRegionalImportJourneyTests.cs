using Maillage.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>
/// The journey: the demo coordinator (Saint-Étienne) uploads the real regional file (Hinaura 2023, legacy format,
/// 687 places, read in place from ../shared/reference), reads the report (lines outside her commune refused with their
/// position and reason), imports the valid lines, fixes one imported place, and the public fiche shows the change.
/// </summary>
public sealed class PlacesRegionalImportJourneyTests(AppFixture app, ITestOutputHelper output) : BrowserTest<AppFixture>(app)
{
    private const string FileName = "hinaura-2023-v0.1.json";

    [Fact]
    public async Task A_coordinator_imports_the_regional_file_fixes_a_place_and_the_public_fiche_shows_it()
    {
        if (ReferenceFile() is not { } path)
        {
            output.WriteLine($"SKIPPED: {FileName} not found in ../shared/reference/lieux/ beside the folder of Maillage.slnx.");
            return;
        }

        await RunAsync(async page =>
        {
            await SignInAsync(page, "coordination@demo.maillage.fr");
            await VisitAsync(page, "/gestion/lieux");
            await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Importer des lieux" }));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Importer");

            // 1. Check only (the default): the file is refused as it stands (all or nothing), the report lists the refused
            //    records by position: 661 outside her commune, and the file's one genuine defect.
            await page.GetByLabel("Fichier", new() { Exact = true }).SetInputFilesAsync(path);
            await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le fichier" }));
            var main = page.Locator("main");
            await Expect(main).ToContainTextAsync("Fichier refusé : aucune modification n'a été enregistrée.");
            await Expect(main).ToContainTextAsync("661 ligne(s) rejetée(s)");
            var errors = page.GetByRole(AriaRole.Region, new() { Name = "problème(s) trouvé(s) dans le fichier" });
            await Expect(errors).ToContainTextAsync("n'est pas dans votre territoire");
            // Position 248: the file's one genuine defect (an e-mail address with an accent).
            await Expect(errors.Locator("tr", new() { HasText = "chambéry@accorderie.fr" })).ToContainTextAsync("248");
            await AssertAccessibleAsync(page, "rapport de vérification");
            await Screenshots.SaveAsync(page, "regional-import-check-report");

            // 2. Import the valid lines only: the places of Saint-Étienne.
            await page.GetByLabel("Fichier", new() { Exact = true }).SetInputFilesAsync(path);
            await page.GetByLabel("Vérifier seulement (aucune modification)").UncheckAsync();
            await page.GetByLabel("Importer seulement les lignes valides").CheckAsync();
            await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le fichier" }));
            await Expect(main).ToContainTextAsync("Import terminé.");
            await Expect(main.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "créé(s)" })).ToHaveTextAsync("26 créé(s)");
            await AssertAccessibleAsync(page, "rapport d'import");
            await Screenshots.SaveAsync(page, "regional-import-report");

            // 3. Fix an imported place in the back office.
            await VisitAsync(page, "/gestion/lieux?q=Zoomacom");
            await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link, new() { Name = "Zoomacom" }));
            var placeId = page.Url.TrimEnd('/').Split('/')[^1];
            await AssertAccessibleAsync(page, "lieu importé");
            await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Modifier", Exact = true }));
            await AssertAccessibleAsync(page, "modification du lieu importé");
            await Screenshots.SaveAsync(page, "regional-import-edit-form");
            await page.GetByLabel("Téléphone", new() { Exact = true }).FillAsync("04 77 11 22 33");
            await page.GetByLabel("Résumé", new() { Exact = false }).First.FillAsync("Atelier numérique associatif : aide aux démarches et initiation.");
            await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }));
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("a été enregistré");
            await AssertAccessibleAsync(page, "lieu corrigé");
            await Screenshots.SaveAsync(page, "regional-import-place-details");

            // 4. The public fiche shows the change at once.
            await SignOutAsync(page);
            await VisitAsync(page, $"/lieux/{placeId}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Zoomacom");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "04 77 11 22 33" })).ToHaveAttributeAsync("href", "tel:+33477112233");
            await Expect(page.Locator("main")).ToContainTextAsync("Atelier numérique associatif : aide aux démarches et initiation.");
            await AssertAccessibleAsync(page, "fiche corrigée");
            await Screenshots.SaveAsync(page, "regional-import-public-fiche");

            // And the public search API finds it from its postal code, with the new phone.
            var response = await page.APIRequest.GetAsync(App.Url("/api/v1/lieux?code_postal=42000&q=Zoomacom"));
            Assert.Equal(200, response.Status);
            var json = System.Text.Json.JsonDocument.Parse(await response.TextAsync()).RootElement;
            var item = Assert.Single(json.GetProperty("items").EnumerateArray());
            Assert.Equal(placeId, item.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("+33477112233", item.GetProperty("phone").GetString());
        });
    }

    private static string? ReferenceFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference", "lieux", FileName));
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}
