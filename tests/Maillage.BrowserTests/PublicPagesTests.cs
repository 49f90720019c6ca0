using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;
using Maillage.Features.Comptes;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>What anyone sees without an account: home page, legal pages, errors, the sign-in form.</summary>
public sealed class PublicPagesTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    [Fact]
    public Task HomePageShowsTheDemoBannerWithEveryDemoAccount() => RunAsync(async page =>
    {
        var response = await VisitAsync(page, "/");

        Assert.Equal(200, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Trouver de l'aide pour le numérique, près de chez vous");
        var banner = page.GetByRole(AriaRole.Region, new() { NameRegex = new("Essayez Maillage avec un compte de démonstration") });
        await Expect(banner).ToBeVisibleAsync();
        // One entry (list item or table row) per demo account, with its role, e-mail and name.
        var entries = banner.GetByRole(AriaRole.Listitem).Or(banner.GetByRole(AriaRole.Row));
        foreach (var (role, email, name) in DemoSeeder.Accounts)
        {
            var entry = entries.Filter(new() { HasText = email });
            await Expect(entry).ToHaveCountAsync(1);
            await Expect(entry).ToContainTextAsync(Roles.Label(role));
            await Expect(entry).ToContainTextAsync(name);
        }

        await Expect(banner).ToContainTextAsync(DemoSeeder.Password);
        await Expect(banner.GetByRole(AriaRole.Link, new() { Name = "Se connecter avec un compte de démonstration" })).ToHaveAttributeAsync("href", "/connexion");
        await Screenshots.SaveAsync(page, "home-desktop");
    });

    [Fact]
    public Task HomeAndSignInPagesFitA320PixelWideScreenWithoutHorizontalScrolling() => RunAsync(nameof(HomeAndSignInPagesFitA320PixelWideScreenWithoutHorizontalScrolling), 320, async page =>
    {
        await VisitAsync(page, "/");
        await AssertNoHorizontalOverflowAsync(page);
        await Screenshots.SaveAsync(page, "home-320px");

        await VisitAsync(page, "/connexion");
        await AssertNoHorizontalOverflowAsync(page);
        await Screenshots.SaveAsync(page, "login-320px");
    });

    [Theory]
    [InlineData("^Mentions légales$", "/mentions-legales", "Mentions légales")]
    [InlineData("^Données personnelles$", "/donnees-personnelles", "Données personnelles")]
    [InlineData("^Accessibilité", "/accessibilite", "Déclaration d'accessibilité")]
    public Task LegalPagesAreReachableFromTheFooter(string link, string path, string heading) => RunAsync($"{nameof(LegalPagesAreReachableFromTheFooter)}-{path.Trim('/')}", 1280, async page =>
    {
        await VisitAsync(page, "/");

        var footerLinks = page.GetByRole(AriaRole.Contentinfo).GetByRole(AriaRole.Navigation, new() { Name = "Informations légales et ressources" });
        var footerLink = footerLinks.GetByRole(AriaRole.Link, new() { NameRegex = new(link) });
        await footerLink.ClickAsync();

        await Expect(page).ToHaveURLAsync(PathPattern(path));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        await Expect(footerLink).ToHaveAttributeAsync("aria-current", "page");
        await AssertAccessibleAsync(page);
    });

    [Fact]
    public Task UnknownAddressShowsTheFrenchNotFoundPageWithStatus404() => RunAsync(async page =>
    {
        var response = await VisitAsync(page, "/cette-page-n-existe-pas");

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page introuvable");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("/cette-page-n-existe-pas");
        await Expect(page).ToHaveTitleAsync("Page introuvable · Maillage");
    });

    [Fact]
    public Task WrongPasswordShowsAFrenchMessageInTheSignInForm() => RunAsync(async page =>
    {
        await VisitAsync(page, "/connexion");
        await Screenshots.SaveAsync(page, "login");

        await page.GetByLabel("Adresse e-mail").FillAsync("elu@demo.maillage.fr");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("pas-le-bon-mot-de-passe");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }));

        var form = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }) });
        await Expect(form.GetByRole(AriaRole.Alert)).ToContainTextAsync("Adresse e-mail ou mot de passe incorrect.");
        await Expect(page).ToHaveURLAsync(PathPattern("/connexion"));
        await Expect(page.GetByLabel("Adresse e-mail")).ToHaveValueAsync("elu@demo.maillage.fr");
        await Expect(page.GetByRole(AriaRole.Banner)).Not.ToContainTextAsync("Connecté·e en tant que");
        await AssertAccessibleAsync(page, "wrong password");
        await Screenshots.SaveAsync(page, "login-wrong-password");
    });

    [Fact]
    public Task SkipLinkMovesKeyboardFocusToTheMainContent() => RunAsync(async page =>
    {
        await VisitAsync(page, "/connexion");

        await page.Keyboard.PressAsync("Tab");
        var skipLink = page.GetByRole(AriaRole.Link, new() { Name = "Aller au contenu" });
        await Expect(skipLink).ToBeFocusedAsync();
        await Expect(skipLink).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Main)).ToBeFocusedAsync();
    });

    private static async Task AssertNoHorizontalOverflowAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= innerWidth, $"{page.Url} scrolls sideways at {innerWidth} px: the document is {scrollWidth} px wide.");
    }
}
