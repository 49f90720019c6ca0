using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Maillage.Features.Accompagnements.Statistiques;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using MiniExcelLibs;

namespace Maillage.Tests.Features.Accompagnements.Statistiques;

/// <summary>/activites/statistiques as a browser uses it: who sees which figures, the period's rules, the XLSX download.</summary>
[Trait("Category", "Database")]
public sealed class StatisticsPageTests(StatisticsPageTests.Factory factory) : IClassFixture<StatisticsPageTests.Factory>
{
    public sealed class Factory : MaillageFactory
    {
        public Factory() => WithSetting("RateLimiting:AuthenticationPerMinute", "10000");
    }

    private const string Period = "periode=personnalisee&du=2026-03-01&au=2026-04-30";

    private sealed record Setup(StatisticsDataset Set, string EmailX, string EmailY, string EmailZ);

    private async Task<Setup> SetupAsync()
    {
        var orgA = await factory.CreateOrganizationAsync();
        var orgB = await factory.CreateOrganizationAsync();
        var emails = Enumerable.Range(0, 3).Select(i => TestData.NewEmail($"cnfs{i}")).ToArray();
        var x = await factory.CreateUserAsync(emails[0], TestData.Password, Role.Conseiller, organizationId: orgA.Id, displayName: "Xavier Conseiller");
        var y = await factory.CreateUserAsync(emails[1], TestData.Password, Role.Conseiller, organizationId: orgA.Id, displayName: "Yasmine Conseillère");
        var z = await factory.CreateUserAsync(emails[2], TestData.Password, Role.Conseiller, organizationId: orgB.Id, displayName: "Zoé Ailleurs");
        var set = await StatisticsDataset.CreateAsync(factory, x.Id, y.Id, z.Id, orgA.Id, orgB.Id);
        return new Setup(set, emails[0], emails[1], emails[2]);
    }

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await factory.LoginAsync(client, email, TestData.Password)).StatusCode);
        return client;
    }

    private async Task<HttpClient> SignInAsAsync(Role role, string territoryCode)
    {
        var email = TestData.NewEmail(role.ToString().ToLowerInvariant());
        await factory.CreateUserAsync(email, TestData.Password, role, territoryCode: territoryCode);
        return await SignInAsync(email);
    }

    /// <summary>A table's rows as label → numbers (the French group separator removed).</summary>
    private static Dictionary<string, long[]> Rows(IDocument page, string id)
    {
        var table = page.QuerySelector($"#tableau-{id}") ?? throw new InvalidOperationException($"No table {id}.");
        return table.QuerySelectorAll("tbody tr, tfoot tr").ToDictionary(
            r => r.QuerySelector("th")!.TextContent.Trim(),
            r => r.QuerySelectorAll("td").Select(td => long.Parse(new string([.. td.TextContent.Where(char.IsDigit)]), System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    [Fact]
    public async Task AnAdvisorSeesTheirOwnFiguresOnlyAndNoOrganizationChoice()
    {
        var setup = await SetupAsync();
        var client = await SignInAsync(setup.EmailX);
        var page = await Forms.GetDocumentAsync(client, $"/activites/statistiques?{Period}");

        Assert.Equal("Mes statistiques", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("select#structure"));
        Assert.Equal([5, 10], Rows(page, "accompagnements")["Total"]);
        Assert.Equal([2, 2], Rows(page, "thematiques")["E-mail"]);
        Assert.Equal([3], Rows(page, "beneficiaires")["Suivis (fiche nominative)"]);
        Assert.Equal([3], Rows(page, "ages")["60-69 ans"]);
        Assert.Equal([2, 7], Rows(page, "mois")["avril 2026"]);
        Assert.Contains("Mes activités, du 1 mars 2026 au 30 avril 2026", page.QuerySelector("#tableau-thematiques caption")!.TextContent, StringComparison.Ordinal);

        // Y's own figures hold Y's record only.
        var other = await Forms.GetDocumentAsync(await SignInAsync(setup.EmailY), $"/activites/statistiques?{Period}");
        Assert.Equal([1, 1], Rows(other, "accompagnements")["Total"]);

        // An advisor does not choose an organization, even their own.
        using var response = await client.GetAsync($"/activites/statistiques?{Period}&structure={setup.Set.OrganizationA}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AReaderChoosesAnOrganizationOfTheirTerritoryAndOneOfItsAdvisors()
    {
        var setup = await SetupAsync();
        var client = await SignInAsAsync(Role.Lecteur, MaillageFactory.DepartementCode);
        var url = $"/activites/statistiques?{Period}&structure={setup.Set.OrganizationA}";
        var page = await Forms.GetDocumentAsync(client, url);

        Assert.Equal("Statistiques des activités", page.QuerySelector("h1")!.TextContent.Trim());
        var organizations = page.QuerySelectorAll("select#structure option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains(setup.Set.OrganizationA.ToString(System.Globalization.CultureInfo.InvariantCulture), organizations);
        Assert.DoesNotContain("", organizations);
        Assert.Equal([6, 11], Rows(page, "accompagnements")["Total"]);

        // The advisor filter lists the organization's advisors only.
        var advisors = page.QuerySelectorAll("select#conseiller option").Select(o => o.TextContent.Trim()).ToList();
        Assert.Equal(["Toute la structure", "Xavier Conseiller", "Yasmine Conseillère"], advisors);
        var y = page.QuerySelectorAll("select#conseiller option").Single(o => o.TextContent.Trim() == "Yasmine Conseillère").GetAttribute("value");
        var filtered = await Forms.GetDocumentAsync(client, $"{url}&conseiller={y}");
        Assert.Equal([1, 1], Rows(filtered, "accompagnements")["Total"]);
        Assert.Equal([1, 1], Rows(filtered, "thematiques")["Diagnostic numérique"]);

        // Another organization's advisor is refused on the field, and none of their figures shows.
        var refused = await Forms.GetDocumentAsync(client, $"{url}&conseiller={setup.Set.AdvisorZ}");
        Assert.Equal("true", refused.QuerySelector("#conseiller")!.GetAttribute("aria-invalid"));
        Assert.Contains("Choisissez un conseiller ou une conseillère de cette structure.", refused.QuerySelector("#conseiller-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(refused.QuerySelector("#tableau-accompagnements"));

        // Organization B, in the same territory.
        var b = await Forms.GetDocumentAsync(client, $"/activites/statistiques?{Period}&structure={setup.Set.OrganizationB}");
        Assert.Equal([1, 1], Rows(b, "accompagnements")["Total"]);
    }

    [Fact]
    public async Task ACoordinatorOutsideTheOrganizationsTerritoryGetsNotFound()
    {
        var setup = await SetupAsync();
        var elsewhere = await factory.CreateOrganizationAsync(communeCode: MaillageFactory.SaintChamond);
        var client = await SignInAsAsync(Role.Coordinateur, MaillageFactory.SaintChamond);

        using (var response = await client.GetAsync($"/activites/statistiques?{Period}&structure={setup.Set.OrganizationA}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var response = await client.GetAsync($"/activites/statistiques?{Period}&handler=Xlsx&structure={setup.Set.OrganizationA}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var response = await client.GetAsync($"/activites/statistiques?{Period}&structure=abc"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Its own organization (no record): the empty state; it is the default choice.
        var page = await Forms.GetDocumentAsync(client, $"/activites/statistiques?{Period}");
        Assert.Equal([elsewhere.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], page.QuerySelectorAll("select#structure option").Select(o => o.GetAttribute("value")));
        Assert.NotNull(page.QuerySelector(".empty-state"));
        Assert.Null(page.QuerySelector("#tableau-accompagnements"));
    }

    [Theory]
    [InlineData("periode=personnalisee&du=2026-04-30&au=2026-03-01", "au", "La date de fin doit être le même jour que la date de début ou après.")]
    [InlineData("periode=personnalisee&du=2020-01-01&au=2025-01-01", "au", "La période ne peut pas dépasser 5 ans : choisissez une date de fin plus proche.")]
    [InlineData("periode=personnalisee&du=31-02-2026&au=2026-03-01", "du", "Indiquez une date valide au format jj/mm/aaaa, après l'an 2000.")]
    [InlineData("periode=personnalisee&au=2026-03-01", "du", "Indiquez la date de début de la période.")]
    public async Task AWrongPeriodIsRefusedOnItsFieldInFrench(string query, string field, string message)
    {
        var setup = await SetupAsync();
        var client = await SignInAsync(setup.EmailX);
        var page = await Forms.GetDocumentAsync(client, $"/activites/statistiques?{query}");

        Assert.Equal("true", page.QuerySelector($"#{field}")!.GetAttribute("aria-invalid"));
        Assert.Equal(message, page.QuerySelector($"#{field}-error")!.TextContent.Trim());
        Assert.Contains(message, page.QuerySelector("#erreurs")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#tableau-accompagnements"));
    }

    [Fact]
    public async Task APresetPeriodAndAFiveYearPeriodAreAccepted()
    {
        var setup = await SetupAsync();
        var client = await SignInAsync(setup.EmailX);
        var page = await Forms.GetDocumentAsync(client, "/activites/statistiques?periode=personnalisee&du=2021-05-01&au=2026-04-30");
        Assert.Equal([5 + 2, 10 + 2], Rows(page, "accompagnements")["Total"]);
        Assert.Equal(60, Rows(page, "mois").Count - 1);

        // The default is this year (the dataset is in 2026): the period is shown in the date fields.
        var thisYear = await Forms.GetDocumentAsync(client, "/activites/statistiques");
        var checkedPreset = thisYear.QuerySelector("input[name=periode]:checked")!.GetAttribute("value");
        Assert.Equal("annee", checkedPreset);
        Assert.Equal($"{DateTime.UtcNow.Year}-01-01", ((IHtmlInputElement)thisYear.QuerySelector("#du")!).Value);
    }

    [Fact]
    public async Task TheWorkbookHoldsEveryBreakdownAsThePageShowsIt()
    {
        var setup = await SetupAsync();
        var client = await SignInAsAsync(Role.Lecteur, MaillageFactory.DepartementCode);
        var query = $"{Period}&structure={setup.Set.OrganizationA}";
        var page = await Forms.GetDocumentAsync(client, $"/activites/statistiques?{query}");
        var link = page.QuerySelectorAll("a").Single(a => a.TextContent.Contains("XLSX", StringComparison.Ordinal)).GetAttribute("href")!;
        Assert.Contains("handler=Xlsx", link, StringComparison.Ordinal);

        using var response = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FigureWorkbook.ContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("statistiques-2026-03-01-2026-04-30.xlsx", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());

        var tables = page.QuerySelectorAll("table.stat-table").ToList();
        var sheets = stream.GetSheetNames();
        Assert.Equal(tables.Count + 1, sheets.Count);
        Assert.Equal(FigureWorkbook.InformationSheet, sheets[0]);
        var information = stream.Query(useHeaderRow: true, sheetName: sheets[0]).Cast<IDictionary<string, object>>().ToDictionary(r => (string)r["Champ"], r => r["Valeur"]?.ToString());
        Assert.Equal("01/03/2026", information["Du"]);
        Assert.Equal("30/04/2026", information["Au"]);
        Assert.Equal(page.QuerySelector("select#structure option[selected]")!.TextContent.Trim(), information["Périmètre"]);

        for (var i = 0; i < tables.Count; i++)
        {
            var id = tables[i].Id!["tableau-".Length..];
            var expected = Rows(page, id);
            var headers = tables[i].QuerySelectorAll("thead th").Select(th => th.TextContent.Replace("\u00AD", "", StringComparison.Ordinal).Trim()).ToList();
            var rows = stream.Query(useHeaderRow: true, sheetName: sheets[i + 1]).Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(headers, rows[0].Keys);
            Assert.Equal(expected.Keys, rows.Select(r => (string)r[headers[0]]));
            foreach (var row in rows)
            {
                Assert.Equal(expected[(string)row[headers[0]]], headers.Skip(1).Select(h => Convert.ToInt64(row[h], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        // Spot checks against the dataset.
        Assert.Equal([6, 11], Rows(page, "accompagnements")["Total"]);
        Assert.Equal([2, 8], Rows(page, "materiel")["Tablette"]);
    }
}
