using System.Text.RegularExpressions;

using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>The structures (organizations) and territories administration pages.</summary>
public sealed class StructuresAndTerritoriesTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const string AdminEmail = "admin@demo.maillage.fr";

    [Fact]
    public Task AdminSearchesTheDemoStructures() => RunAsync(async page =>
    {
        await SignInAsync(page, AdminEmail);
        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Structures", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern("/admin/structures"));
        await AssertAccessibleAsync(page);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Structures");
        var table = page.GetByRole(AriaRole.Table);
        await Expect(table).ToContainTextAsync("MIFE Loire Sud");
        await Expect(table).ToContainTextAsync("PIMMS Médiation Saint-Étienne");

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Rechercher" }).FillAsync("MIFE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]q=MIFE"));
        await Expect(table.Locator("tbody").GetByRole(AriaRole.Row)).ToHaveCountAsync(1);
        await Expect(table).ToContainTextAsync("MIFE Loire Sud");
        await AssertAccessibleAsync(page, "filtered");

        await table.GetByRole(AriaRole.Link, new() { Name = "MIFE Loire Sud" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("MIFE Loire Sud");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("W423000412");
        await AssertAccessibleAsync(page);
    });

    [Fact]
    public Task NewStructureWithAnInvalidSiretShowsTheFrenchMessageNextToTheField() => RunAsync(async page =>
    {
        var name = $"Association de test {Guid.NewGuid():N}"[..30];
        await SignInAsync(page, AdminEmail);
        await VisitAsync(page, "/admin/structures");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouvelle structure" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern("/admin/structures/nouvelle"));
        await AssertAccessibleAsync(page);

        await page.GetByLabel("Nom de la structure").FillAsync(name);
        await page.GetByLabel("Type de structure").SelectOptionAsync(new SelectOptionValue { Label = "Association" });
        var siret = page.GetByLabel("SIRET", new() { Exact = true });
        await siret.FillAsync("12345678901234");
        await page.GetByLabel("Commune (obligatoire)").FillAsync("42218");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Créer la structure" }));

        await Expect(page).ToHaveURLAsync(PathPattern("/admin/structures/nouvelle"));
        await Expect(siret).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(siret).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape("Ce SIRET n'est pas valide (clé de contrôle incorrecte).")));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("SIRET");
        await AssertAccessibleAsync(page, "invalid SIRET");

        // Corrected, the structure is created.
        await siret.FillAsync(DemoSeeder.DemoSiret(Random.Shared.Next(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la structure" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/admin/structures/\d+$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"La structure « {name} » a été créée.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        await AssertAccessibleAsync(page);
    });

    [Fact]
    public Task AdminFindsSaintEtienneAndAddsAQuartier() => RunAsync(async page =>
    {
        var quarter = $"Quartier de test {Guid.NewGuid():N}"[..26];
        await SignInAsync(page, AdminEmail);
        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Territoires", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern("/admin/territoires"));
        await AssertAccessibleAsync(page);
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Loire");

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Rechercher" }).FillAsync("42218");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]q=42218"));
        await AssertAccessibleAsync(page, "search results");
        await page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link, new() { Name = "Saint-Étienne", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Saint-Étienne");
        await AssertAccessibleAsync(page);
        var quarters = page.GetByRole(AriaRole.Table);
        foreach (var (name, _) in DemoSeeder.QuarterNames)
        {
            await Expect(quarters).ToContainTextAsync(name);
        }

        await Expect(quarters.GetByRole(AriaRole.Row).Filter(new() { HasText = "Montreynaud" })).ToContainTextAsync("QPV");

        await page.GetByRole(AriaRole.Link, new() { Name = "Ajouter un quartier" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ajouter un quartier à Saint-Étienne");
        await AssertAccessibleAsync(page);
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Ajouter le quartier" }));
        await Expect(page.GetByLabel("Nom du quartier")).ToHaveAccessibleDescriptionAsync(new Regex("Le nom du quartier est obligatoire."));
        await AssertAccessibleAsync(page, "form errors");

        await page.GetByLabel("Nom du quartier").FillAsync(quarter);
        await page.GetByLabel("Quartier prioritaire de la politique de la ville (QPV)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter le quartier" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Le quartier « {quarter} » a été ajouté à Saint-Étienne.");
        await Expect(page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row).Filter(new() { HasText = quarter })).ToContainTextAsync("QPV");
        await AssertAccessibleAsync(page);
    });
}
