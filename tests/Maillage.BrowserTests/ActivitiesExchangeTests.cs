using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Echanges;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>On a phone, the demo advisor exports a month of records as CSV, then brings the file back: checked, imported, re-imported.</summary>
public sealed class ActivitiesExchangeTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const string Advisor = "conseiller@demo.maillage.fr";

    // A month the demo data does not reach, so that the export holds exactly the records this test creates.
    private static readonly DateOnly Month = new(2021, 3, 1);

    /// <summary>Three records of the demo advisor in <see cref="Month"/>: at a place of their commune, a workshop, a quick request.</summary>
    private async Task<List<long>> SeedAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var activities = scope.ServiceProvider.GetRequiredService<ActivityService>();
        var advisor = await db.Users.SingleAsync(u => u.Email == Advisor);
        var organizationId = await db.Grants.Where(g => g.UserId == advisor.Id && g.OrganizationId != null).Select(g => g.OrganizationId!.Value).FirstAsync();
        var placeId = await activities.PlacesOf(organizationId).Where(p => p.InseeCode != null).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        ActivityInput[] inputs =
        [
            new()
            {
                Type = ActivityType.Individual, Date = Month.AddDays(2), DurationMinutes = 30, Location = ActivityLocation.Place, PlaceId = placeId,
                Equipment = [ActivityEquipment.Computer], Themes = [ActivityTheme.AdministrativeProcedures], ProcedureFamilies = [ProcedureFamily.SocialAndHealth],
                ProcedureName = "Demande de complémentaire santé", Autonomy = Autonomy.Guided, BeneficiaryAgeBand = AgeBand.From60To69, BeneficiaryGender = Gender.Female,
            },
            new()
            {
                Type = ActivityType.Collective, Date = Month.AddDays(5), DurationMinutes = 120, Location = ActivityLocation.OtherPlace, LocationCommuneCode = "42218",
                Themes = [ActivityTheme.Security], WorkshopTitle = "Vérifier les sources d'information", WorkshopLevel = WorkshopLevel.Beginner, AnonymousParticipants = 8,
            },
            new() { Type = ActivityType.QuickRequest, Date = Month.AddDays(9), DurationMinutes = 5, Location = ActivityLocation.Remote, Themes = [ActivityTheme.Email] },
        ];
        var now = DateTimeOffset.UtcNow;
        var created = new List<Activity>();
        foreach (var input in inputs)
        {
            var activity = new Activity { AdvisorId = advisor.Id, OrganizationId = organizationId, CreatedAt = now };
            ActivityService.Apply(input, activity, now);
            db.Activities.Add(activity);
            created.Add(activity);
        }

        await db.SaveChangesAsync();
        return [.. created.Select(a => a.Id)];
    }

    private async Task DeleteAsync(IReadOnlyList<long> ids)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Activities.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, DateTimeOffset.UtcNow));
    }

    private async Task<int> LiveCountAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var advisorId = await db.Users.Where(u => u.Email == Advisor).Select(u => u.Id).SingleAsync();
        var to = Month.AddMonths(1);
        return await db.Activities.CountAsync(a => a.AdvisorId == advisorId && a.DeletedAt == null && a.Date >= Month && a.Date < to);
    }

    [Fact]
    public Task TheAdvisorExportsAMonthAsCsvAndImportsItBackOnAPhone() => RunAsync(nameof(TheAdvisorExportsAMonthAsCsvAndImportsItBackOnAPhone), 375, async page =>
    {
        await page.SetViewportSizeAsync(375, 800);
        var ids = await SeedAsync();
        await SignInAsync(page, Advisor);

        await VisitAsync(page, "/activites/export");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Exporter des activités");
        await page.GetByLabel("Du", new() { Exact = true }).FillAsync(Month.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Au", new() { Exact = true }).FillAsync(Month.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByLabel("CSV (tableur, séparateur « ; »)")).ToBeCheckedAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Télécharger" }).ClickAsync());
        var path = await download.PathAsync();
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(path);
        var rows = ActivityFileReader.Read(new MemoryStream(bytes), "export.csv").Rows;
        Assert.Equal(ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r.Values["ID"]));
        Assert.Equal(["Accompagnement individuel", "Atelier collectif", "Demande ponctuelle"], rows.Select(r => r.Values["Type"]));

        // The records go (as if recorded by mistake in another tool); the file brings them back.
        await DeleteAsync(ids);
        var payload = new FilePayload { Name = "activites-mars-2021.csv", MimeType = "text/csv", Buffer = bytes };

        await VisitAsync(page, "/activites/import");
        await Expect(page.GetByLabel("Attribuer les activités à")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(":"));
        await page.GetByLabel("Fichier", new() { Exact = true }).SetInputFilesAsync(payload);
        await Expect(page.GetByLabel("Vérifier seulement")).ToBeCheckedAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le fichier" }));
        await AssertAccessibleAsync(page, "rapport de vérification");
        var main = page.Locator("main");
        await Expect(main).ToContainTextAsync("Vérification seulement : rien n'a été enregistré. Le fichier est valide : 3 activité(s) seraient importée(s).");

        await page.GetByLabel("Fichier", new() { Exact = true }).SetInputFilesAsync(payload);
        await page.GetByLabel("Importer", new() { Exact = true }).CheckAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le fichier" }));
        await AssertAccessibleAsync(page, "rapport d'import");
        await Expect(main).ToContainTextAsync("Import terminé : 3 activité(s) importée(s).");
        await Screenshots.SaveAsync(page, "activities-import-report-phone");
        Assert.Equal(3, await LiveCountAsync());

        await page.GetByLabel("Fichier", new() { Exact = true }).SetInputFilesAsync(payload);
        await page.GetByLabel("Importer", new() { Exact = true }).CheckAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le fichier" }));
        await AssertAccessibleAsync(page, "second import");
        await Expect(main).ToContainTextAsync("3 déjà importée(s), ignorée(s)");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "3 ligne(s) déjà importée(s)" })).ToBeVisibleAsync();
        Assert.Equal(3, await LiveCountAsync());
    });
}
