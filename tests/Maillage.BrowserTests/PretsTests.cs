using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Features.Materiel;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>
/// Lending on phones: an association asks for a kit, the coordinator approves it, checks it out by scanning its label and
/// checks it in with a charger missing: the tablet goes to maintenance and leaves the availability. Two associations asking
/// for one item at the same moment get one yes and one clear no.
/// </summary>
public sealed class PretsTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const int Phone = 375;

    private static string Today => DateOnly.FromDateTime(Maillage.Shared.Web.ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime).ToString("yyyy-MM-dd");

    private static string InDays(int days) => DateOnly.FromDateTime(Maillage.Shared.Web.ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime).AddDays(days).ToString("yyyy-MM-dd");

    [Fact]
    public Task An_association_borrows_a_kit_scanned_out_and_back_with_a_missing_charger() => RunAsync(nameof(An_association_borrows_a_kit_scanned_out_and_back_with_a_missing_charger), Phone, async page =>
    {
        // The association (MIFE Loire Sud) asks for the third suitcase, today and tomorrow.
        await SignInAsync(page, "structure@demo.maillage.fr");
        await VisitAsync(page, "/materiel/catalogue?q=Valise");
        await AssertAccessibleAsync(page, "catalogue");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Demander Valise tablettes n° 3" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Valise tablettes n° 3");
        await AssertAccessibleAsync(page, "request form");

        // Bad dates first: a clear French error, nothing saved.
        await page.GetByLabel("Premier jour").FillAsync(InDays(-2));
        await page.GetByLabel("Dernier jour").FillAsync(InDays(-3));
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }));
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("ne peut pas commencer dans le passé");
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Indiquez où le matériel sera utilisé");
        await AssertAccessibleAsync(page, "request errors");

        // The demo account speaks for two structures (MIFE and the Mission locale): it says which one borrows.
        await page.GetByLabel("Structure qui emprunte").SelectOptionAsync(new SelectOptionValue { Label = "MIFE Loire Sud" });
        await page.GetByLabel("Premier jour").FillAsync(Today);
        await page.GetByLabel("Dernier jour").FillAsync(InDays(1));
        await page.GetByLabel("Pour quoi faire ?").FillAsync("Atelier tablettes pour les seniors");
        await page.GetByLabel("Où ?").FillAsync("Marché de Montreynaud");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Votre demande est envoyée");
        await Expect(page.GetByText("Demandée", new() { Exact = true })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "request sent");
        await Screenshots.SaveAsync(page, "prets-demande-envoyee");
        var reservationUrl = page.Url;

        // The coordinator approves it from the list of requests to decide.
        var coordinator = await OpenPageAsync(Phone);
        await SignInAsync(coordinator, "coordination@demo.maillage.fr");
        await VisitAsync(coordinator, "/materiel/reservations?vue=a-valider");
        var number = reservationUrl[(reservationUrl.LastIndexOf('/') + 1)..];
        await ClickAndWaitForNewDocumentAsync(coordinator, coordinator.GetByRole(AriaRole.Link, new() { Name = $"n° {number}", Exact = true }));
        await AssertAccessibleAsync(coordinator, "request to decide");
        await ClickAndWaitForNewDocumentAsync(coordinator, coordinator.GetByRole(AriaRole.Button, new() { Name = "Valider la demande" }));
        await Expect(coordinator.GetByRole(AriaRole.Status).First).ToContainTextAsync("Demande validée");
        await AssertAccessibleAsync(coordinator, "approved");

        // At the EPN, the phone scans the suitcase's label: its page offers the check-out in one step.
        await VisitAsync(coordinator, "/materiel/t/KIT-0003");
        await Expect(coordinator.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Valise tablettes n° 3");
        await ClickAndWaitForNewDocumentAsync(coordinator, coordinator.GetByRole(AriaRole.Link, new() { Name = "Sortir le matériel" }));
        await AssertAccessibleAsync(coordinator, "check-out form");
        await ClickAndWaitForNewDocumentAsync(coordinator, coordinator.GetByRole(AriaRole.Button, new() { Name = "Valider la sortie" }));
        await Expect(coordinator.GetByRole(AriaRole.Alert).First).ToContainTextAsync("La convention de prêt doit être acceptée");
        await AssertAccessibleAsync(coordinator, "check-out errors");
        await coordinator.GetByLabel("Qui emporte le matériel ?").FillAsync("Samia Benali");
        await coordinator.GetByLabel("La personne qui emporte le matériel a lu et accepte la convention").CheckAsync();
        await coordinator.GetByLabel("Nom de la personne qui accepte").FillAsync("Samia Benali");
        await Screenshots.SaveAsync(coordinator, "prets-sortie");
        await ClickAndWaitForNewDocumentAsync(coordinator, coordinator.GetByRole(AriaRole.Button, new() { Name = "Valider la sortie" }));
        await Expect(coordinator.GetByRole(AriaRole.Status).First).ToContainTextAsync("Matériel sorti");
        await Expect(coordinator.GetByText("En prêt", new() { Exact = true })).ToBeVisibleAsync();
        await AssertAccessibleAsync(coordinator, "checked out");

        await VisitAsync(coordinator, reservationUrl + "/convention");
        await Expect(coordinator.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Convention de prêt");
        await Expect(coordinator.Locator(".agreement")).ToContainTextAsync("Convention acceptée par Samia Benali");

        // Back the next day: the first tablet's charger is missing.
        await VisitAsync(coordinator, "/materiel/t/KIT-0003");
        await ClickAndWaitForNewDocumentAsync(coordinator, coordinator.GetByRole(AriaRole.Link, new() { Name = "Enregistrer le retour" }));
        await AssertAccessibleAsync(coordinator, "check-in form");
        var firstTablet = (await coordinator.Locator("fieldset.line-check legend").First.TextContentAsync())!.Split(' ')[0];
        await coordinator.Locator("fieldset.line-check").First.GetByLabel("Chargeur").UncheckAsync();
        await ClickAndWaitForNewDocumentAsync(coordinator, coordinator.GetByRole(AriaRole.Button, new() { Name = "Valider le retour" }));
        // The missing charger opens a ticket; the demo's plan « réinitialiser la tablette » opens one for each tablet back.
        await Expect(coordinator.GetByRole(AriaRole.Status).First).ToContainTextAsync("partent en maintenance");
        await Expect(coordinator.GetByText("Accessoire manquant au retour : Chargeur")).ToBeVisibleAsync();
        await AssertAccessibleAsync(coordinator, "checked in");
        await Screenshots.SaveAsync(coordinator, "prets-retour");

        // The tablet is in maintenance, the suitcase is no longer free today.
        await VisitAsync(coordinator, $"/materiel/t/{firstTablet}");
        await Expect(coordinator.GetByText("En maintenance").First).ToBeVisibleAsync();
        await VisitAsync(page, "/materiel/calendrier");
        var row = page.Locator("table.calendar tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Valise tablettes n° 3 (valise)" }) });
        var day = DateOnly.FromDateTime(Maillage.Shared.Web.ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime).Day;
        await Expect(row.Locator("td").Nth(day - 1)).ToHaveTextAsync("0");
        await Expect(row.Locator("td").Nth(Math.Min(day + 5, DateTime.DaysInMonth(DateTime.UtcNow.Year, DateTime.UtcNow.Month)) - 1)).ToHaveTextAsync("0");
        await Screenshots.SaveAsync(page, "prets-calendrier");
        await VisitAsync(page, "/materiel/reserver?valise=3");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Valise tablettes n° 3");
    });

    [Fact]
    public Task Two_associations_asking_for_one_drone_at_once_get_one_yes_and_one_clear_no() => RunAsync(nameof(Two_associations_asking_for_one_drone_at_once_get_one_yes_and_one_clear_no), Phone, async first =>
    {
        var (email, itemId) = await SecondAssociationAsync();
        var second = await OpenPageAsync(Phone);
        await SignInAsync(first, "structure@demo.maillage.fr");
        await SignInAsync(second, email, Password);
        foreach (var page in new[] { first, second })
        {
            await VisitAsync(page, $"/materiel/reserver?objet={itemId}&du={InDays(40)}&au={InDays(41)}");
            await page.GetByLabel("Pour quoi faire ?").FillAsync("Initiation au pilotage de drone");
            await page.GetByLabel("Où ?").FillAsync("Collège Jean-Dasté");
            if (page == first)
            {
                await page.GetByLabel("Structure qui emprunte").SelectOptionAsync(new SelectOptionValue { Label = "MIFE Loire Sud" });
            }
        }

        // Both press the button at the same moment.
        await Task.WhenAll(
            ClickAndWaitForNewDocumentAsync(first, first.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" })),
            ClickAndWaitForNewDocumentAsync(second, second.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" })));
        var yes = 0;
        IPage? refused = null;
        foreach (var page in new[] { first, second })
        {
            await AssertAccessibleAsync(page, "answer");
            if (await page.GetByText("Votre demande est envoyée").CountAsync() > 0)
            {
                yes++;
            }
            else
            {
                refused = page;
            }
        }

        Assert.Equal(1, yes);
        Assert.NotNull(refused);
        await Expect(refused.Locator("#taken")).ToContainTextAsync("est déjà réservé");
        await Screenshots.SaveAsync(refused, "prets-deja-reserve");

        // The one told no joins the waiting list.
        await refused.GetByLabel("M'inscrire sur la liste d'attente pour ces dates").CheckAsync();
        await ClickAndWaitForNewDocumentAsync(refused, refused.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }));
        await Expect(refused.GetByRole(AriaRole.Status).First).ToContainTextAsync("Vous êtes sur la liste d'attente");
        await Expect(refused.GetByText("En liste d'attente", new() { Exact = true })).ToBeVisibleAsync();
        await AssertAccessibleAsync(refused, "waiting list");
    });

    private const string Password = "Mot-de-passe-prets-2026";

    /// <summary>A structure account for another partner association, and a drone free in forty days.</summary>
    private async Task<(string Email, int ItemId)> SecondAssociationAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var amicale = await db.Organizations.Where(o => o.Name == "Amicale laïque de Beaubrun").Select(o => o.Id).SingleAsync();
        var email = UniqueEmail("amicale");
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Karim Haddad", CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        db.Grants.Add(new Grant { UserId = user.Id, Role = Role.Structure, OrganizationId = amicale, GrantedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        var day = DateOnly.Parse(InDays(40), System.Globalization.CultureInfo.InvariantCulture);
        var drone = await db.Items.Where(i => i.AssetTag.StartsWith("DRN-") && i.Status == ItemStatus.Available && i.KitId == null && i.CampaignId == null
                && !db.ReservationLines.Any(l => l.ItemId == i.Id && l.Holds && l.EndDate >= day && l.StartDate <= day.AddDays(1)))
            .OrderBy(i => i.AssetTag).Select(i => i.Id).FirstAsync();
        return (email, drone);
    }
}
