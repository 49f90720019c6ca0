using Maillage.BrowserTests.Infrastructure;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>An administrator invites a person by e-mail; the person opens the link, chooses a password and is in.</summary>
public sealed class InvitationTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const string AdminEmail = "admin@demo.maillage.fr";
    private const string Unit = "Ville de Saint-Étienne — Unité Inclusion numérique";
    private const string AdvisorRole = "Conseiller·ère numérique";

    [Fact]
    public Task InvitedAdvisorCreatesTheAccountFromTheEmailLinkAndLandsSignedIn() => RunAsync(async admin =>
    {
        var email = UniqueEmail("ines");
        const string name = "Inès Invitée";
        await SignInAsync(admin, AdminEmail);

        await VisitAsync(admin, "/admin/utilisateurs/inviter");
        await admin.GetByLabel("Prénom et nom").FillAsync(name);
        await admin.GetByLabel("Adresse e-mail").FillAsync(email);
        await admin.GetByLabel("Rôle", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = AdvisorRole });
        await admin.GetByLabel("Structure (pour Conseiller ou Structure)").SelectOptionAsync(new SelectOptionValue { Label = Unit });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Envoyer l'invitation" }).ClickAsync();

        await Expect(admin).ToHaveURLAsync(PathPattern("/admin/invitations"));
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"Invitation envoyée à {email}");
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(name);
        await Expect(row).ToContainTextAsync(AdvisorRole);
        await AssertAccessibleAsync(admin);

        var mail = await TestMailbox.WaitForAsync(App, email);
        Assert.Equal("Votre invitation à rejoindre Maillage", mail.Subject);
        var link = Assert.Single(TestMailbox.Links(mail), l => l.Contains("/invitation?jeton=", StringComparison.Ordinal));
        Assert.StartsWith(App.BaseAddress.ToString().TrimEnd('/'), link, StringComparison.Ordinal);

        // The invited person, on their own device.
        var newcomer = await OpenPageAsync();
        await VisitAsync(newcomer, link);
        await Expect(newcomer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Créer votre compte");
        var main = newcomer.GetByRole(AriaRole.Main);
        await Expect(main).ToContainTextAsync(email);
        await Expect(main).ToContainTextAsync(AdvisorRole);
        await Expect(main).ToContainTextAsync(Unit);
        await newcomer.GetByLabel("Nouveau mot de passe").FillAsync("une phrase facile à retenir");
        await newcomer.GetByLabel("Confirmer le mot de passe").FillAsync("une phrase facile à retenir");
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();

        await Expect(newcomer).ToHaveURLAsync(PathPattern("/compte"));
        await Expect(newcomer.GetByRole(AriaRole.Status)).ToContainTextAsync("Bienvenue ! Votre compte est créé.");
        await Expect(newcomer.GetByRole(AriaRole.Banner)).ToContainTextAsync(name);
        await Expect(main).ToContainTextAsync($"{AdvisorRole} — {Unit}");
        await AssertAccessibleAsync(newcomer);

        // The link served once; the administrator sees the invitation accepted.
        await VisitAsync(newcomer, link);
        await Expect(newcomer.GetByRole(AriaRole.Alert)).ToContainTextAsync("Ce lien d'invitation n'est pas valide");
        await VisitAsync(admin, "/admin/invitations?statut=acceptees");
        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync("Acceptée");
    });

    [Fact]
    public Task InvitationFormShowsFrenchMessagesNextToTheMissingFields() => RunAsync(async admin =>
    {
        await SignInAsync(admin, AdminEmail);
        await VisitAsync(admin, "/admin/utilisateurs/inviter");

        await ClickAndWaitForNewDocumentAsync(admin, admin.GetByRole(AriaRole.Button, new() { Name = "Envoyer l'invitation" }));

        await Expect(admin).ToHaveURLAsync(PathPattern("/admin/utilisateurs/inviter"));
        await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("Le formulaire contient");
        await Expect(admin.GetByLabel("Prénom et nom")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(admin.GetByLabel("Prénom et nom")).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("Saisissez le nom de la personne"));
        await Expect(admin.GetByLabel("Adresse e-mail")).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("Saisissez l'adresse e-mail de la personne"));
        await AssertAccessibleAsync(admin, "form errors");
    });
}
