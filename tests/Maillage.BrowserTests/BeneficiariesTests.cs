using System.Text.RegularExpressions;

using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;
using Maillage.Features.Comptes;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>On a phone: an advisor creates a named file with the person's consent, finds it again typing without accents,
/// opens it; an advisor of another organization cannot open it, neither the page nor the API.</summary>
public sealed class BeneficiariesTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const string AdvisorEmail = "conseiller@demo.maillage.fr";
    private const string OtherOrganization = "CCAS de Saint-Étienne";

    [Fact]
    public Task AnAdvisorCreatesAFileWithConsentFindsItWithoutAccentsAndAnotherOrganizationCannotOpenIt() =>
        RunAsync(nameof(AnAdvisorCreatesAFileWithConsentFindsItWithoutAccentsAndAnotherOrganizationCannotOpenIt), 375, async page =>
        {
            await page.SetViewportSizeAsync(375, 800);
            var token = new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(5).ToArray()).PadRight(5, 'q');
            var lastName = $"Lefèvre-Ça{token}";
            await SignInAsync(page, AdvisorEmail);

            await VisitAsync(page, "/beneficiaires");
            await page.GetByRole(AriaRole.Link, new() { Name = "Nouvelle fiche" }).First.ClickAsync();
            await Expect(page).ToHaveURLAsync(PathPattern("/beneficiaires/nouvelle"));
            await AssertAccessibleAsync(page);

            // Without the consent box, nothing is created and the message sits on the box.
            await page.GetByLabel("Prénom (obligatoire)", new() { Exact = true }).FillAsync("Éloïse");
            await page.GetByLabel("Nom (obligatoire)", new() { Exact = true }).FillAsync(lastName);
            await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Créer la fiche" }));
            await Expect(page.Locator("#Input_Consent-error")).ToContainTextAsync("Cochez la case");
            await Expect(page.Locator("#Input_Consent")).ToHaveAttributeAsync("aria-invalid", "true");
            await AssertAccessibleAsync(page, "consentement manquant");

            await Expect(page.Locator("#finalite")).ToContainTextAsync("Ville de Saint-Étienne — Unité Inclusion numérique conserve vos nom");
            await page.GetByLabel("La personne a pris connaissance de ce texte et accepte la création de sa fiche", new() { Exact = true }).CheckAsync();
            await page.GetByLabel("Année de naissance", new() { Exact = true }).FillAsync("1958");
            await Expect(page.Locator("#Input_BirthYear-age")).ToHaveTextAsync("Tranche d'âge : 60-69 ans");
            await page.GetByLabel("Genre", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Féminin" });
            await page.GetByLabel("Commune de résidence", new() { Exact = true }).FillAsync("Saint-Étienne (42218)");
            await page.GetByRole(AriaRole.Button, new() { Name = "Créer la fiche" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex(@"/beneficiaires/\d+$"));
            var fileUrl = new Uri(page.Url).AbsolutePath;
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Éloïse {lastName}");
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("a été créée, avec son consentement");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Enregistrer un accompagnement" }).First).ToHaveAttributeAsync("href", $"/activites/nouvelle?beneficiaire={fileUrl.Split('/').Last()}");
            await AssertAccessibleAsync(page);
            await Screenshots.SaveAsync(page, "beneficiary-file-375px");

            // Typed without accents nor capitals, in the other order.
            await VisitAsync(page, "/beneficiaires");
            await page.GetByLabel("Rechercher", new() { Exact = true }).FillAsync($"lefevre ca{token} eloise");
            await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/beneficiaires\?q="));
            var result = page.GetByRole(AriaRole.Link, new() { Name = $"{lastName} Éloïse" });
            await Expect(result).ToHaveCountAsync(1);
            await AssertAccessibleAsync(page);
            await result.ClickAsync();
            await Expect(page).ToHaveURLAsync(PathPattern(fileUrl));
            await AssertAccessibleAsync(page);

            // An advisor of another organization: « introuvable » on the page, 404 on the API.
            var otherEmail = await CreateAdvisorOfAsync(OtherOrganization);
            var other = await OpenPageAsync(375);
            await other.SetViewportSizeAsync(375, 800);
            await SignInAsync(other, otherEmail, Password);
            var response = await VisitAsync(other, fileUrl);
            Assert.Equal(404, response!.Status);
            await Expect(other.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("introuvable");
            await Expect(other.Locator("main")).Not.ToContainTextAsync(lastName);
            var api = await other.Context.APIRequest.GetAsync("/api/v1" + fileUrl);
            Assert.Equal(404, api.Status);
            Assert.DoesNotContain(lastName, await api.TextAsync());

            // The author's session reads the same API address.
            var own = await page.Context.APIRequest.GetAsync("/api/v1" + fileUrl);
            Assert.Equal(200, own.Status);
        });

    [Fact]
    public Task TheDuplicatesEditExportAndErasePagesWorkOnAPhone() =>
        RunAsync(nameof(TheDuplicatesEditExportAndErasePagesWorkOnAPhone), 375, async page =>
        {
            await page.SetViewportSizeAsync(375, 800);
            var token = new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6).ToArray()).PadRight(6, 'q');
            var (first, second) = await CreateTwinFilesAsync(AdvisorEmail, $"Brunel{token}");
            await SignInAsync(page, AdvisorEmail);

            await VisitAsync(page, "/beneficiaires/doublons");
            await page.GetByRole(AriaRole.Link, new() { NameRegex = new($"Comparer.*Brunel{token}") }).First.ClickAsync();
            await Expect(page).ToHaveURLAsync(PathPattern($"/beneficiaires/doublons/{first}/{second}"));
            await AssertAccessibleAsync(page);
            await page.GetByLabel($"Fiche B : n° {second}", new() { Exact = false }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier la fusion" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirmer la fusion" })).ToBeVisibleAsync();
            await AssertAccessibleAsync(page, "confirmation");
            await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la fusion" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(PathPattern($"/beneficiaires/{second}"));
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("fusionnées");
            await AssertAccessibleAsync(page);

            await page.GetByRole(AriaRole.Link, new() { Name = "Modifier", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(PathPattern($"/beneficiaires/{second}/modifier"));
            await AssertAccessibleAsync(page);
            await page.GetByLabel("Téléphone", new() { Exact = true }).FillAsync("12");
            await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }));
            await Expect(page.Locator("#Input_Phone-error")).ToContainTextAsync("numéro français");
            await AssertAccessibleAsync(page, "téléphone invalide");

            await VisitAsync(page, $"/beneficiaires/{second}/export");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Télécharger au format JSON" })).ToHaveAttributeAsync("href", $"/beneficiaires/{second}/export?format=json");

            await VisitAsync(page, $"/beneficiaires/{second}/effacer");
            await page.GetByRole(AriaRole.Button, new() { Name = "Effacer définitivement" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(PathPattern("/beneficiaires"));
            await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("a été effacée");
            await AssertAccessibleAsync(page);
            await VisitAsync(page, $"/beneficiaires?q=brunel{token}");
            await Expect(page.Locator(".empty-state")).ToContainTextAsync("Aucune fiche ne correspond");
        });

    /// <summary>Two files of the advisor's organization that are probably the same person.</summary>
    private async Task<(long First, long Second)> CreateTwinFilesAsync(string advisorEmail, string lastName)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var advisor = await db.Users.Where(u => u.Email == advisorEmail).Select(u => u.Id).SingleAsync();
        var organizationId = await db.Grants.Where(g => g.UserId == advisor && g.Role == Role.Conseiller).Select(g => g.OrganizationId!.Value).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        Maillage.Features.Accompagnements.Beneficiary File(string first) => new()
        {
            OrganizationId = organizationId,
            FirstName = first,
            LastName = lastName,
            SearchName = Maillage.Shared.Text.TextFold.Fold(first + " " + lastName),
            BirthYear = 1970,
            CommuneCode = "42218",
            ConsentAt = now,
            ConsentById = advisor,
            ConsentPurpose = "Finalité lue à la personne",
            CreatedById = advisor,
            CreatedAt = now,
            ModifiedAt = now,
        };
        var a = File("Sophie");
        var b = File("Sophie ");
        b.LastName = lastName + "e";
        b.SearchName = Maillage.Shared.Text.TextFold.Fold("Sophie " + b.LastName);
        db.Beneficiaries.AddRange(a, b);
        await db.SaveChangesAsync();
        return (a.Id, b.Id);
    }

    private const string Password = "Mot-de-passe-navigateur-2026";

    /// <summary>An active advisor account of the named demo organization, created straight in the application's database.</summary>
    private async Task<string> CreateAdvisorOfAsync(string organization)
    {
        var email = UniqueEmail("conseillere-autre");
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Conseillère d'une autre structure", CreatedAt = DateTimeOffset.UtcNow };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        var organizationId = await db.Organizations.Where(o => o.Name == organization).Select(o => o.Id).SingleAsync();
        db.Grants.Add(new Grant { UserId = user.Id, Role = Role.Conseiller, OrganizationId = organizationId, GrantedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return email;
    }
}
