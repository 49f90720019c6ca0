using System.Net;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux;
using Maillage.Shared.Web;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Maillage.Tests.Features.Accompagnements;

[Trait("Category", "Database")]
public sealed class ActivitiesDemoTests(MaillageFactory factory, ITestOutputHelper output) : IClassFixture<MaillageFactory>
{
    private static readonly ActivityTheme CultureThemes = ActivityTheme.DigitalCulture | ActivityTheme.Creating | ActivityTheme.WebBrowsing | ActivityTheme.Parenting
        | ActivityTheme.Schooling | ActivityTheme.Security | ActivityTheme.ArtificialIntelligence | ActivityTheme.DigitalContent;

    private sealed record Year(List<Activity> Activities, List<Beneficiary> Files, List<Place> Places, HashSet<int> UnitPlaces, int UnitId, List<string> AdvisorIds, DateTimeOffset Now);

    private async Task<Year> SeededAsync()
    {
        var watch = Stopwatch.StartNew();
        await factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());
        output.WriteLine($"Demo seeding (territory, places, activities): {watch.ElapsedMilliseconds} ms");
        var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var unit = await db.Organizations.SingleAsync(o => o.Name == ActivitiesDemo.UnitName);
        var places = await db.Places.AsNoTracking().ToListAsync();
        var unitPlaces = (await scope.ServiceProvider.GetRequiredService<ActivityService>().PlacesOf(unit.Id).Select(p => p.Id).ToListAsync()).ToHashSet();
        var advisors = await db.Grants.Where(g => g.Role == Role.Conseiller && g.OrganizationId == unit.Id).Select(g => g.UserId).ToListAsync();
        var activities = await db.Activities.AsNoTracking().Include(a => a.Participants).Include(a => a.AnonymousCounts).AsSplitQuery().ToListAsync();
        var files = await db.Beneficiaries.AsNoTracking().ToListAsync();
        return new Year(activities, files, places, unitPlaces, unit.Id, advisors, now);
    }

    [Fact]
    public async Task EveryDemoRecordPassesTheRulesAndNoneIsInTheFuture()
    {
        var year = await SeededAsync();
        var today = DateOnly.FromDateTime(ParisTime.ToParis(year.Now).DateTime);
        var fileIds = year.Files.Where(f => f.OrganizationId == year.UnitId).Select(f => f.Id).ToHashSet();
        var placeIds = year.Places.Select(p => p.Id).ToHashSet();
        var context = new ActivityRuleContext(today, year.UnitPlaces, placeIds.Contains, fileIds.Contains);

        Assert.NotEmpty(year.Activities);
        Assert.All(year.Activities, a =>
        {
            var input = ActivityService.ToInput(a);
            Assert.Empty(ActivityRules.Validate(input, context));
            Assert.Equal(ActivityRules.ParticipantCount(input), a.ParticipantCount);
            Assert.True(a.Date < today, $"activity {a.Id} on {a.Date} is not before today ({today})");
            Assert.True(a.CreatedAt <= year.Now && a.ModifiedAt <= year.Now);
            Assert.Equal(year.UnitId, a.OrganizationId);
            Assert.Null(a.DeletedAt);
        });
    }

    [Fact]
    public async Task FiveAdvisorsOfTheUnitRecordAboutAYearOfActivity()
    {
        var year = await SeededAsync();
        var today = DateOnly.FromDateTime(ParisTime.ToParis(year.Now).DateTime);

        Assert.Equal(5, year.AdvisorIds.Distinct().Count());
        Assert.All(year.AdvisorIds, id => Assert.True(year.Activities.Count(a => a.AdvisorId == id) > 80, $"advisor {id} records too little"));
        Assert.Equal(year.AdvisorIds.ToHashSet(), year.Activities.Select(a => a.AdvisorId).ToHashSet());
        Assert.InRange(year.Activities.Min(a => a.Date), today.AddDays(-365), today.AddDays(-330));
        Assert.InRange(year.Activities.Max(a => a.Date), today.AddDays(-7), today.AddDays(-1));

        // Every month of the year has activity, August less.
        var months = year.Activities.GroupBy(a => (a.Date.Year, a.Date.Month)).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(months.Count >= 12);

        // The unit reported 800 people accompanied in 2022: the demo year is of that magnitude.
        var people = year.Activities.Sum(a => a.ParticipantCount);
        output.WriteLine($"{year.Activities.Count} records, {people} accompaniments, {year.Files.Count} named files");
        Assert.InRange(people, 800, 1100);
        Assert.InRange(year.Activities.Count(a => a.Type == ActivityType.Individual), 550, 800);
        Assert.InRange(year.Activities.Count(a => a.Type == ActivityType.Collective), 30, 60);
        Assert.InRange(year.Activities.Count(a => a.Type == ActivityType.QuickRequest), 150, 250);
    }

    [Fact]
    public async Task FormsInCommunityCentresCultureInLibrariesAndTheMiniFormations()
    {
        var year = await SeededAsync();
        var byId = year.Places.ToDictionary(p => p.Id);
        bool At(Activity a, Func<Place, bool> where) => a.PlaceId is { } id && where(byId[id]);
        static bool CommunityCentre(Place p) => p.Kind == PlaceKind.EpnQuartier || p.Theme is "E-administration" or "Médiation numérique";
        static bool Library(Place p) => p.Theme is "Culture" or "Parentalité numérique";

        // 85 % of requests in the maisons des habitant·es are online administrative forms.
        var centre = year.Activities.Where(a => a.Type != ActivityType.Collective && At(a, CommunityCentre)).ToList();
        var forms = centre.Count(a => a.Themes.HasFlag(ActivityTheme.AdministrativeProcedures));
        Assert.InRange(forms / (double)centre.Count, 0.78, 0.92);
        Assert.All(centre.Where(a => a.Themes.HasFlag(ActivityTheme.AdministrativeProcedures)), a => Assert.NotEqual(ProcedureFamily.None, a.ProcedureFamilies));

        // Libraries: culture and creation, hardly any procedure.
        var library = year.Activities.Where(a => a.Type == ActivityType.Individual && At(a, Library)).ToList();
        Assert.NotEmpty(library);
        Assert.True(library.Count(a => (a.Themes & CultureThemes) != 0) > library.Count * 0.8);
        Assert.True(library.Count(a => a.Themes.HasFlag(ActivityTheme.AdministrativeProcedures)) < library.Count * 0.15);

        // Workshops: the mini-formations, a level, 4 to 12 anonymous participants with their breakdowns.
        var workshops = year.Activities.Where(a => a.Type == ActivityType.Collective).ToList();
        Assert.All(workshops, w =>
        {
            Assert.NotNull(w.WorkshopLevel);
            Assert.Contains(w.WorkshopTitle, new[] { "Protéger ses données personnelles", "Maîtriser les réseaux sociaux", "Vérifier les sources d'information", "Faire son CV", "Vendre un objet en ligne", "Acheter en ligne en toute sécurité", "Travailler à distance", "Consulter un médecin en téléconsultation" });
            var anonymous = w.AnonymousCounts.Single(c => c.Dimension == ParticipantDimension.Total).Count;
            Assert.InRange(anonymous, 4, 12);
            Assert.Equal(anonymous, w.AnonymousCounts.Where(c => c.Dimension == ParticipantDimension.Gender).Sum(c => c.Count));
            Assert.Contains(w.AnonymousCounts, c => c.Dimension == ParticipantDimension.AgeBand);
            Assert.Contains(w.AnonymousCounts, c => c.Dimension == ParticipantDimension.Status);
        });
        Assert.Contains(workshops, w => w.Participants.Count > 0);
    }

    [Fact]
    public async Task NamedFilesHaveConsentAndShowAutonomyGrowing()
    {
        var year = await SeededAsync();

        Assert.InRange(year.Files.Count, 25, 35);
        Assert.Equal(year.Files.Count, year.Files.Select(f => f.SearchName).Distinct().Count());
        Assert.All(year.Files, file =>
        {
            Assert.Equal(year.UnitId, file.OrganizationId);
            Assert.Contains(file.ConsentById, year.AdvisorIds);
            Assert.Equal(ActivitiesDemo.ConsentPurpose, file.ConsentPurpose);
            Assert.False(string.IsNullOrEmpty(file.Phone) && string.IsNullOrEmpty(file.Email));
            var records = year.Activities.Where(a => a.BeneficiaryId == file.Id).OrderBy(a => a.Date).ToList();
            Assert.True(records.Count >= 3, $"{file.FirstName} {file.LastName}: {records.Count} records");
            Assert.All(records, r => Assert.Equal(file.ConsentById, r.AdvisorId));
            Assert.Equal(Autonomy.Guided, records[0].Autonomy);
            Assert.Equal(Autonomy.Autonomous, records[^1].Autonomy);
            Assert.True(file.ConsentAt <= records[0].CreatedAt);
            var last = year.Activities.Where(a => a.BeneficiaryId == file.Id || a.Participants.Any(p => p.BeneficiaryId == file.Id)).Max(a => a.Date);
            Assert.Equal(last, file.LastActivityOn);
        });
    }

    [Fact]
    public async Task TheNewAdvisorsSignInWithTheDemoPassword()
    {
        await SeededAsync();

        foreach (var (email, _) in ActivitiesDemo.Advisors)
        {
            Assert.EndsWith("@demo.maillage.fr", email, StringComparison.Ordinal);
            var response = await factory.LoginAsync(factory.CreateBrowserClient(), email, DemoSeeder.Password);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var wrong = await factory.LoginAsync(factory.CreateBrowserClient(), ActivitiesDemo.Advisors[0].Email, "pas le mot de passe");
        Assert.NotEqual(HttpStatusCode.Redirect, wrong.StatusCode);
    }
}
