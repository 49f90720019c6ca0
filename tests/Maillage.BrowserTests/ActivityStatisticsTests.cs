using System.Globalization;

using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Maillage.Shared.Web;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>
/// « Mes statistiques » on a phone (375 × 800): an advisor's own figures and a coordinator's view of the advisor's
/// organization, checked against counts queried here (so the demo's own activities, when there are some, count too).
/// </summary>
public sealed class ActivityStatisticsTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const string AdvisorEmail = "conseiller@demo.maillage.fr";
    private const string CoordinatorEmail = "coordination@demo.maillage.fr";

    private sealed record Advisor(string Id, int OrganizationId, string OrganizationName);

    /// <summary>Adds two records of the demo advisor in the last days (an individual one and a workshop of 6) through the app's database.</summary>
    private async Task<Advisor> AddRecordsAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var advisor = await db.Users.Where(u => u.Email == AdvisorEmail).Select(u => u.Id).SingleAsync();
        var grant = await db.Grants.Where(g => g.UserId == advisor && g.Role == Role.Conseiller && g.OrganizationId != null)
            .Select(g => new { OrganizationId = g.OrganizationId!.Value, g.Organization!.Name }).FirstAsync();
        var today = Today();
        var now = DateTimeOffset.UtcNow;
        db.Activities.AddRange(
            new Activity
            {
                AdvisorId = advisor,
                OrganizationId = grant.OrganizationId,
                Type = ActivityType.Individual,
                Date = today,
                DurationMinutes = 45,
                Location = ActivityLocation.Remote,
                Equipment = ActivityEquipment.Computer,
                Themes = ActivityTheme.AdministrativeProcedures,
                ProcedureFamilies = ProcedureFamily.MoneyAndTaxes,
                BeneficiaryAgeBand = AgeBand.From60To69,
                ParticipantCount = 1,
                CreatedAt = now,
                ModifiedAt = now,
            },
            new Activity
            {
                AdvisorId = advisor,
                OrganizationId = grant.OrganizationId,
                Type = ActivityType.Collective,
                Date = today.AddDays(-1),
                DurationMinutes = 120,
                Location = ActivityLocation.Remote,
                Equipment = ActivityEquipment.Tablet,
                Themes = ActivityTheme.Security,
                WorkshopTitle = "Protéger ses données personnelles",
                ParticipantCount = 6,
                AnonymousCounts = [new ActivityParticipantCount { Dimension = ParticipantDimension.Total, Value = 0, Count = 6 }],
                CreatedAt = now,
                ModifiedAt = now,
            });
        await db.SaveChangesAsync();
        return new Advisor(advisor, grant.OrganizationId, grant.Name);
    }

    private static DateOnly Today() => DateOnly.FromDateTime(ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime);

    /// <summary>The accompaniments of the last 12 months (this month and the 11 before), counted here with a plain SUM.</summary>
    private async Task<int> AccompanimentsAsync(Func<IQueryable<Activity>, IQueryable<Activity>> filter)
    {
        var today = Today();
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await filter(db.Activities).Where(a => a.DeletedAt == null && a.Date >= from && a.Date <= today).SumAsync(a => a.ParticipantCount);
    }

    private static async Task ShowLastTwelveMonthsAsync(IPage page)
    {
        await page.GetByLabel("Les 12 derniers mois").CheckAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }));
    }

    private static ILocator Summary(IPage page, string label) =>
        page.Locator(".stat-summary > div").Filter(new() { Has = page.Locator("dt", new() { HasTextString = label }) }).Locator("dd");

    private static string Number(int value) => value.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"));

    [Fact]
    public Task AnAdvisorAndTheirCoordinatorReadTheFiguresOnAPhone() => RunAsync(nameof(AnAdvisorAndTheirCoordinatorReadTheFiguresOnAPhone), 375, async page =>
    {
        var advisor = await AddRecordsAsync();
        await page.SetViewportSizeAsync(375, 800);

        await SignInAsync(page, AdvisorEmail);
        await VisitAsync(page, "/activites/statistiques");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mes statistiques");
        await Expect(page.Locator("#structure")).ToHaveCountAsync(0);
        await ShowLastTwelveMonthsAsync(page);
        await AssertAccessibleAsync(page, "advisor, last 12 months");

        var own = await AccompanimentsAsync(q => q.Where(a => a.AdvisorId == advisor.Id));
        Assert.True(own >= 7);
        await Expect(Summary(page, "accompagnements")).ToHaveTextAsync(Number(own));
        await Expect(page.Locator("#tableau-accompagnements tfoot td").Nth(1)).ToHaveTextAsync(Number(own));

        // Nothing overflows the phone's width; a table opens on demand.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await page.GetByText("Tableau des chiffres : thématiques").ClickAsync();
        await Expect(page.Locator("#tableau-thematiques")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "advisor, themes table open");
        await Screenshots.SaveAsync(page, "statistics-advisor-375px");

        // The coordinator of the territory chooses the advisor's organization, then the advisor.
        var coordinator = await OpenPageAsync(375);
        await coordinator.SetViewportSizeAsync(375, 800);
        await SignInAsync(coordinator, CoordinatorEmail);
        await VisitAsync(coordinator, "/activites/statistiques");
        await Expect(coordinator.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Statistiques des activités");
        await coordinator.GetByLabel("Structure").SelectOptionAsync(advisor.OrganizationId.ToString(CultureInfo.InvariantCulture));
        await ShowLastTwelveMonthsAsync(coordinator);
        await AssertAccessibleAsync(coordinator, "coordinator, organization");
        var organization = await AccompanimentsAsync(q => q.Where(a => a.OrganizationId == advisor.OrganizationId));
        await Expect(Summary(coordinator, "accompagnements")).ToHaveTextAsync(Number(organization));
        await Expect(coordinator.Locator(".stat-scope")).ToContainTextAsync(advisor.OrganizationName);

        await coordinator.GetByLabel("Conseiller ou conseillère").SelectOptionAsync(new SelectOptionValue { Label = "Sami Conseiller" });
        await ClickAndWaitForNewDocumentAsync(coordinator, coordinator.GetByRole(AriaRole.Button, new() { Name = "Afficher" }));
        await AssertAccessibleAsync(coordinator, "coordinator, one advisor");
        await Expect(Summary(coordinator, "accompagnements")).ToHaveTextAsync(Number(own));
        Assert.True(await coordinator.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await Screenshots.SaveAsync(coordinator, "statistics-coordinator-375px");
    });
}
