using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;

using Microsoft.Playwright;

using OtpNet;

using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>With two-factor authentication required for staff: enrolment of an authenticator app, then sign-in with a code.</summary>
public sealed class TwoFactorTests(TwoFactorAppFixture app) : BrowserTest<TwoFactorAppFixture>(app)
{
    private const string CoordinatorEmail = "coordination@demo.maillage.fr";
    private const string CoordinatorName = "Mariane Coordination";

    [Fact]
    public Task StaffWithoutASecondFactorIsSentToEnrolmentRightAfterSigningIn() => RunAsync(async page =>
    {
        await SignInWithFormAsync(page, "admin@demo.maillage.fr", landingPath: "/compte/double-authentification");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Vérification en deux étapes");
        await Expect(page.GetByTestId("shared-key")).ToBeVisibleAsync();
    });

    [Fact]
    public Task CoordinatorEnrolsAnAuthenticatorAppThenSignsInWithACode() => RunAsync(async page =>
    {
        // Following a link to a staff page: after the password, the enrolment page stands in the way.
        await VisitAsync(page, "/connexion?ReturnUrl=%2Fcompte");
        await page.GetByLabel("Adresse e-mail").FillAsync(CoordinatorEmail);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(DemoSeeder.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern("/compte/double-authentification"));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "activez la vérification en deux étapes pour continuer" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        // Any other staff page sends back here until the second factor is on.
        await ClickAndWaitForNewDocumentAsync(page, MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Comptes", Exact = true }));
        await Expect(page).ToHaveURLAsync(PathPattern("/compte/double-authentification"));
        await AssertAccessibleAsync(page);

        var sharedKey = (await page.GetByTestId("shared-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var totp = new Totp(Base32Encoding.ToBytes(sharedKey));
        var codeField = page.GetByLabel("Code affiché par l'application");

        await codeField.FillAsync(WrongCode(totp));
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Activer" }));
        await Expect(codeField).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("Ce code n'est pas valide"));
        await AssertAccessibleAsync(page, "wrong code");

        await page.GetByLabel("Code affiché par l'application").FillAsync(totp.ComputeTotp());
        await page.GetByRole(AriaRole.Button, new() { Name = "Activer" }).ClickAsync();
        await Expect(page.GetByText("La vérification en deux étapes est activée sur votre compte.")).ToBeVisibleAsync();
        var recovery = page.GetByRole(AriaRole.Status).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Vos codes de secours" }) });
        await Expect(recovery.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        await AssertAccessibleAsync(page, "recovery codes");

        await SignOutAsync(page);

        // Next time: the password, then a fresh code from the app.
        await SignInWithFormAsync(page, CoordinatorEmail, landingPath: "/connexion/code");
        await Expect(page.GetByRole(AriaRole.Banner)).Not.ToContainTextAsync(CoordinatorName);
        await page.GetByLabel("Code de vérification").FillAsync(totp.ComputeTotp());
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(PathPattern("/"));
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync(CoordinatorName);
        await AssertAccessibleAsync(page);
        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Comptes", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern("/admin/utilisateurs"));
        await AssertAccessibleAsync(page);
    });

    /// <summary>A six-digit code that the authenticator accepts in none of the windows around now.</summary>
    private static string WrongCode(Totp totp)
    {
        var now = DateTime.UtcNow;
        var valid = Enumerable.Range(-3, 7).Select(step => totp.ComputeTotp(now.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 20).Select(i => (123456 + (i * 111111)).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)[..6]).First(c => !valid.Contains(c));
    }
}
