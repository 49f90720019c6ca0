using System.Text.RegularExpressions;

using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>The administration and account pages: they render, do their job, and pass axe-core.</summary>
public sealed class AdminPagesTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const string AdminEmail = "admin@demo.maillage.fr";

    [Fact]
    public Task AdminFiltersTheAccountsAndOpensAnAccountsDetails() => RunAsync(async page =>
    {
        await SignInAsync(page, AdminEmail);
        await VisitAsync(page, "/admin/utilisateurs");

        var accounts = page.GetByRole(AriaRole.Table);
        foreach (var (_, email, name) in DemoSeeder.Accounts)
        {
            await Expect(accounts.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync(name);
        }

        await Screenshots.SaveAsync(page, "admin-users");

        await page.GetByLabel("Nom ou e-mail").FillAsync("Sami");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]q=Sami"));
        await Expect(accounts.Locator("tbody").GetByRole(AriaRole.Row)).ToHaveCountAsync(1);
        await Expect(accounts).ToContainTextAsync("conseiller@demo.maillage.fr");
        await AssertAccessibleAsync(page, "filtered by name");

        await page.GetByLabel("Nom ou e-mail").FillAsync("");
        await page.GetByLabel("Rôle").SelectOptionAsync(new SelectOptionValue { Label = "Lecteur·rice" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]role=Lecteur"));
        await Expect(accounts.Locator("tbody").GetByRole(AriaRole.Row)).ToHaveCountAsync(1);
        await Expect(accounts).ToContainTextAsync("elu@demo.maillage.fr");
        await AssertAccessibleAsync(page, "filtered by role");

        await page.GetByLabel("Nom ou e-mail").FillAsync("personne-inconnue");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(page.GetByText("Aucun compte ne correspond à ces critères.")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "no result");

        await VisitAsync(page, "/admin/utilisateurs?q=Sami");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sami Conseiller" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/utilisateurs/[^/?]+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sami Conseiller");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("conseiller@demo.maillage.fr");
        var grants = page.GetByRole(AriaRole.Table, new() { Name = "Droits de Sami Conseiller" });
        await Expect(grants).ToContainTextAsync("Conseiller·ère numérique");
        await Expect(grants).ToContainTextAsync("Ville de Saint-Étienne — Unité Inclusion numérique");
        await AssertAccessibleAsync(page);
    });

    [Fact]
    public Task AuditLogShowsTheSignInsJustMade() => RunAsync(async page =>
    {
        var reader = await OpenPageAsync();
        await SignInWithFormAsync(reader, "elu@demo.maillage.fr");
        await SignInWithFormAsync(page, AdminEmail);

        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Journal d'audit" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern("/admin/systeme/journal"));
        await AssertAccessibleAsync(page);
        var log = page.GetByRole(AriaRole.Table, new() { Name = "Entrées du journal, les plus récentes d'abord" });
        var signIns = log.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = "Connexion", Exact = true }) });
        await Expect(signIns.Filter(new() { HasText = "elu@demo.maillage.fr" })).Not.ToHaveCountAsync(0);
        await Expect(signIns.Filter(new() { HasText = AdminEmail })).Not.ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "audit-log");

        await page.GetByLabel("Action").SelectOptionAsync(new SelectOptionValue { Label = "Connexion" });
        await page.GetByLabel("Auteur (e-mail ou nom)").FillAsync("elu@");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]acteur=elu"));
        var rows = log.Locator("tbody").GetByRole(AriaRole.Row);
        await Expect(rows).Not.ToHaveCountAsync(0);
        foreach (var row in await rows.AllAsync())
        {
            await Expect(row).ToContainTextAsync("elu@demo.maillage.fr");
            await Expect(row).ToContainTextAsync("Connexion");
        }

        await AssertAccessibleAsync(page, "filtered");
    });

    [Fact]
    public Task AdminCreatesAnApiClientAndSeesItsTokenOnlyOnce() => RunAsync(async page =>
    {
        var clientName = $"Tableau de bord de test {Guid.NewGuid():N}"[..34];
        await SignInAsync(page, AdminEmail);
        await VisitAsync(page, "/admin/systeme/clients-api");

        await page.GetByLabel("Nom du client").FillAsync(clientName);
        await page.GetByLabel("Rôle", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Lecteur·rice" });
        await page.GetByLabel("Territoire (pour Coordinateur ou Lecteur)").FillAsync("42218");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le client et afficher son jeton" }).ClickAsync();

        var token = page.GetByTestId("new-token");
        await Expect(token).ToBeVisibleAsync();
        var value = (await token.InnerTextAsync()).Trim();
        Assert.True(value.Length >= 20, $"The token shown is too short to be a secret: '{value}'.");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = clientName });
        await Expect(row).ToContainTextAsync("Lecteur·rice");
        await Expect(row).Not.ToContainTextAsync(value);
        await AssertAccessibleAsync(page, "new token");

        await VisitAsync(page, "/admin/systeme/clients-api");
        await Expect(page.GetByTestId("new-token")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = clientName })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Main)).Not.ToContainTextAsync(value);
    });

    [Fact]
    public Task AccountAndInvitationPagesRenderForTheAdmin() => RunAsync(async page =>
    {
        await SignInAsync(page, AdminEmail);

        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Mon compte" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern("/compte"));
        await AssertAccessibleAsync(page);
        var main = page.GetByRole(AriaRole.Main);
        await Expect(main).ToContainTextAsync("Camille Admin");
        await Expect(main).ToContainTextAsync(AdminEmail);
        await Expect(main).ToContainTextAsync("Administrateur·rice");

        await main.GetByRole(AriaRole.Link, new() { Name = "Changer mon mot de passe" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern("/compte/mot-de-passe"));
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Mot de passe actuel").FillAsync("pas-le-bon-mot-de-passe");
        await page.GetByLabel("Nouveau mot de passe").FillAsync("court");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Nouveau mot de passe")).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertAccessibleAsync(page, "form errors");

        await VisitAsync(page, "/admin/invitations");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Invitations");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Filtrer les invitations" }).GetByRole(AriaRole.Link, new() { Name = "Expirées" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task ForgottenPasswordLinkByEmailLetsThePersonChooseANewOne() => RunAsync(async page =>
    {
        const string email = "structure@demo.maillage.fr";
        var requestedAt = DateTimeOffset.Now;
        await VisitAsync(page, "/connexion");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mot de passe oublié ?" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern("/mot-de-passe-oublie"));
        await AssertAccessibleAsync(page);

        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir le lien" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Si un compte actif existe pour cette adresse");
        await AssertAccessibleAsync(page, "sent");

        var mail = await TestMailbox.WaitForAsync(App, email, since: requestedAt);
        var link = Assert.Single(TestMailbox.Links(mail), l => l.Contains("/mot-de-passe/reinitialiser?", StringComparison.Ordinal));
        var device = await OpenPageAsync();
        await VisitAsync(device, link);
        await Expect(device.GetByRole(AriaRole.Main)).ToContainTextAsync(email);
        await device.GetByLabel("Nouveau mot de passe").FillAsync("un nouveau mot de passe solide");
        await device.GetByLabel("Confirmer le mot de passe").FillAsync("un nouveau mot de passe solide");
        await device.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le mot de passe" }).ClickAsync();
        await Expect(device.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre mot de passe a été changé.");
        await AssertAccessibleAsync(device, "done");

        await SignInWithFormAsync(device, email, "un nouveau mot de passe solide");
        await Expect(device.GetByRole(AriaRole.Banner)).ToContainTextAsync("Nadia Structure");
    });
}
