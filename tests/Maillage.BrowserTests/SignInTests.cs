using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;
using Maillage.Features.Comptes;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>Each demo account signs in, sees its name and exactly the menu its role allows, and signs out.</summary>
public sealed class SignInTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private static readonly string[] AdministrationLinks = ["Comptes", "Journal d'audit", "Clients API"];

    [Theory]
    [InlineData(Role.Administrateur, new[] { "Comptes", "Journal d'audit", "Clients API" })]
    [InlineData(Role.Coordinateur, new[] { "Comptes" })]
    [InlineData(Role.Conseiller, new string[0])]
    [InlineData(Role.Structure, new string[0])]
    [InlineData(Role.Lecteur, new string[0])]
    public Task EachDemoRoleSignsInSeesItsMenuAndSignsOut(Role role, string[] allowedLinks) => RunAsync($"{nameof(EachDemoRoleSignsInSeesItsMenuAndSignsOut)}-{role}", 1280, async page =>
    {
        var (_, email, name) = DemoSeeder.Accounts.Single(a => a.Role == role);

        await SignInWithFormAsync(page, email);

        var header = page.GetByRole(AriaRole.Banner);
        await Expect(header).ToContainTextAsync(name);
        await Expect(header).ToContainTextAsync(Roles.Label(role));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
        var menu = MainMenu(page);
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Mon compte", Exact = true })).ToBeVisibleAsync();
        foreach (var link in AdministrationLinks)
        {
            var item = menu.GetByRole(AriaRole.Link, new() { Name = link, Exact = true });
            if (allowedLinks.Contains(link))
            {
                await Expect(item).ToBeVisibleAsync();
            }
            else
            {
                await Expect(item).ToHaveCountAsync(0);
            }
        }

        if (!allowedLinks.Contains("Comptes"))
        {
            // Typing the address does not get round the menu: the access-denied page answers.
            var denied = await VisitAsync(page, "/admin/utilisateurs");
            await Expect(page).ToHaveURLAsync(PathPattern("/acces-refuse"));
            Assert.Equal(403, denied!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Accès refusé");
        }
        else
        {
            await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Comptes", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(PathPattern("/admin/utilisateurs"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Comptes");
            await AssertAccessibleAsync(page);
        }

        await SignOutAsync(page);
        await Expect(MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Se connecter", Exact = true })).ToBeVisibleAsync();
        await VisitAsync(page, "/compte");
        await Expect(page).ToHaveURLAsync(PathPattern("/connexion"));
    });
}
