using Maillage.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>On a phone, the Mission locale refers a young person to the demo campaign and the coordinator lends them a computer.</summary>
public sealed class CampagnesTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const int Phone = 375;

    [Fact]
    public Task A_prescriber_refers_a_young_person_and_the_coordinator_attributes_a_computer() => RunAsync(nameof(A_prescriber_refers_a_young_person_and_the_coordinator_attributes_a_computer), Phone, async page =>
    {
        // The Mission locale (the demo structure account) finds the campaign and refers someone.
        await SignInAsync(page, "structure@demo.maillage.fr");
        await VisitAsync(page, "/materiel/campagnes");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Campagnes d'ordinateurs");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Ordinateurs pour les jeunes suivis par la Mission locale 2026" }));
        await Expect(page.Locator(".campaign-figures")).ToContainTextAsync("40 en stock");
        await AssertAccessibleAsync(page, "campaign");
        await Screenshots.SaveAsync(page, "campagne-telephone");

        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Orienter une personne" }));
        await AssertAccessibleAsync(page, "referral form");
        await page.GetByLabel("Prénom").FillAsync("Océane");
        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("Marchal");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Orienter" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Le consentement de la personne est obligatoire");
        await AssertAccessibleAsync(page, "referral form with errors");

        await page.GetByLabel("La personne a pris connaissance de ce texte et accepte d'être orientée").CheckAsync();
        await page.GetByLabel("Année de naissance (facultatif)").FillAsync((DateTime.Today.Year - 19).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Commune (facultatif)").FillAsync("Saint-Étienne");
        await page.GetByLabel("Téléphone (facultatif)").FillAsync("06 11 22 33 44");
        await page.GetByLabel("Besoin (facultatif)").FillAsync("Formation à distance, pas d'ordinateur à la maison.");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Orienter" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Océane Marchal");
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("est orienté·e vers la campagne");
        await AssertAccessibleAsync(page, "referral");
        var referral = page.Url;

        // The coordinator attributes a laptop of the stock as a loan, prints the agreement and records the signature.
        var coordinator = await OpenPageAsync(Phone);
        await SignInAsync(coordinator, "coordination@demo.maillage.fr");
        await VisitAsync(coordinator, referral);
        await Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = "Attribuer un ordinateur" })).ToBeVisibleAsync();
        var options = coordinator.GetByLabel("Ordinateur", new() { Exact = true }).Locator("option");
        var tag = (await options.Nth(1).TextContentAsync())!.Split(' ')[0];
        await coordinator.GetByLabel("Ordinateur", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await coordinator.GetByLabel("Prêt, jusqu'à une date de retour").CheckAsync();
        await ClickAndWaitForNewDocumentAsync(coordinator, coordinator.GetByRole(AriaRole.Button, new() { Name = "Attribuer" }));
        await Expect(coordinator.GetByRole(AriaRole.Status).First).ToContainTextAsync("Ordinateur prêté");
        await Expect(coordinator.Locator(".campaign-facts")).ToContainTextAsync(tag);
        await AssertAccessibleAsync(coordinator, "attributed");
        await Screenshots.SaveAsync(coordinator, "orientation-attribuee-telephone");

        await ClickAndWaitForNewDocumentAsync(coordinator, coordinator.GetByRole(AriaRole.Link, new() { Name = "Imprimer la convention" }));
        await Expect(coordinator.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Convention de prêt d'un ordinateur");
        await Expect(coordinator.Locator(".agreement")).ToContainTextAsync("Océane Marchal");
        await Expect(coordinator.Locator(".agreement")).ToContainTextAsync(tag);
        await AssertAccessibleAsync(coordinator, "agreement");
        await coordinator.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(coordinator.GetByRole(AriaRole.Button, new() { Name = "Imprimer" })).ToBeHiddenAsync();
        await Screenshots.SaveAsync(coordinator, "convention-impression");
        await coordinator.EmulateMediaAsync(new() { Media = Media.Screen });

        await ClickAndWaitForNewDocumentAsync(coordinator, coordinator.GetByRole(AriaRole.Link, new() { Name = "Retour à l'orientation" }));
        await coordinator.GetByLabel("Nom écrit par la personne sous sa signature").FillAsync("Océane Marchal");
        await ClickAndWaitForNewDocumentAsync(coordinator, coordinator.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la signature" }));
        await Expect(coordinator.Locator(".campaign-facts")).ToContainTextAsync("Signée par « Océane Marchal »");
        await AssertAccessibleAsync(coordinator, "signed");

        // The prescriber sees the person equipped.
        await VisitAsync(page, referral);
        await Expect(page.GetByText("Équipée").First).ToBeVisibleAsync();
    });
}
