using System.Text;
using Maillage.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>An administrator uploads a small file of places, reads the report, and reviews the probable duplicate it found.</summary>
public sealed class PlacesImportTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const string Header = "id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,typologie,telephone,courriels,site_web,horaires,presentation_resume,presentation_detail,source,itinerance,structure_parente,date_maj,services,publics_specifiquement_adresses,prise_en_charge_specifique,frais_a_charge,dispositif_programmes_nationaux,formations_labels,autres_formations_labels,modalites_acces,modalites_accompagnement,fiche_acces_libre,prise_rdv";

    /// <summary>The demo's "EPN de la Cotonne" written another way, and a place the demo does not have.</summary>
    private static byte[] File() => Encoding.UTF8.GetBytes(string.Join("\r\n",
        Header,
        "nav-1,21420218600016,Espace numérique de la Cotonne,Saint-Étienne,42100,42218,\"12, rue de la Cotonne\",,45.4197,4.4063,,,,,,,,,,,2025-05-01,Maîtrise des outils numériques du quotidien,,,,,,,,,,",
        "nav-2,21420218600016,Atelier des essais,Saint-Étienne,42000,42218,99 rue des Essais,,45.44,4.39,,,,,,,,,,,2025-05-01,Maîtrise des outils numériques du quotidien,,,,,,,,,,",
        ""));

    [Fact]
    public Task AnAdministratorChecksThenImportsASmallFileAndOpensTheProbableDuplicate() => RunAsync(async page =>
    {
        await SignInAsync(page, "admin@demo.maillage.fr");
        await VisitAsync(page, "/gestion/lieux/import");

        var payload = new FilePayload { Name = "reseau-essai.csv", MimeType = "text/csv", Buffer = File() };
        await page.GetByLabel("Fichier", new() { Exact = true }).SetInputFilesAsync(payload);
        await Expect(page.GetByLabel("Vérifier seulement (aucune modification)")).ToBeCheckedAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le fichier" }));
        await AssertAccessibleAsync(page, "rapport de vérification");

        var main = page.Locator("main");
        await Expect(main).ToContainTextAsync("Vérification seulement : rien n'a été enregistré.");
        await Expect(main).ToContainTextAsync("EPN de la Cotonne");
        await Expect(main).ToContainTextAsync("À comparer après l'import");

        await page.GetByLabel("Fichier", new() { Exact = true }).SetInputFilesAsync(payload);
        await page.GetByLabel("Vérifier seulement (aucune modification)").UncheckAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le fichier" }));
        await AssertAccessibleAsync(page, "rapport d'import");
        await Expect(main).ToContainTextAsync("Import terminé.");

        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Comparer « Espace numérique de la Cotonne » et « EPN de la Cotonne »" }));
        await AssertAccessibleAsync(page, "comparaison");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Comparer deux lieux");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Lieu à conserver" })).ToBeVisibleAsync();

        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Vérifier la fusion" }));
        await AssertAccessibleAsync(page, "confirmation de fusion");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la fusion" })).ToBeVisibleAsync();

        await VisitAsync(page, "/gestion/lieux/doublons");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Doublons probables");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Comparer « EPN de la Cotonne » et « Espace numérique de la Cotonne »" })).ToBeVisibleAsync();
    });
}
