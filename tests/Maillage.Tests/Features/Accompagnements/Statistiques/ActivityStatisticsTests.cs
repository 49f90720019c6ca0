using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Statistiques;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Accompagnements.Statistiques;

/// <summary>The figures of <see cref="StatisticsDataset"/> computed in the database, every breakdown against hand-counted numbers.</summary>
[Trait("Category", "Database")]
public sealed class ActivityStatisticsTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private static readonly DateOnly From = StatisticsDataset.From;
    private static readonly DateOnly To = StatisticsDataset.To;

    private static Task<StatisticsDataset> DatasetAsync(MaillageFactory factory) =>
        StatisticsDataset.CreateAsync(factory, $"x-{Guid.NewGuid():N}", $"y-{Guid.NewGuid():N}", $"z-{Guid.NewGuid():N}");

    private Task<ActivityFigures> AdvisorAsync(string advisorId, DateOnly from, DateOnly to) => factory.WithDbAsync(db =>
        ActivityStatistics.ComputeAsync(db, db.Activities.Where(a => a.AdvisorId == advisorId && a.DeletedAt == null), from, to, CancellationToken.None));

    private Task<ActivityFigures> OrganizationAsync(int organizationId, DateOnly from, DateOnly to) => factory.WithDbAsync(db =>
        ActivityStatistics.ComputeAsync(db, db.Activities.Where(a => a.OrganizationId == organizationId && a.DeletedAt == null), from, to, CancellationToken.None));

    [Fact]
    public async Task AnAdvisorsFiguresCountTheirLiveRecordsOfThePeriodBoundsIncluded()
    {
        var set = await DatasetAsync(factory);
        var f = await AdvisorAsync(set.AdvisorX, From, To);

        Assert.Equal(new ActivityCount(5, 10), f.Total);
        Assert.Equal(29 + 30 + 59 + 120 + 5, f.TotalMinutes);
        Assert.Equal(new ActivityCount(3, 3), f.ByType[ActivityType.Individual]);
        Assert.Equal(new ActivityCount(1, 7), f.ByType[ActivityType.Collective]);
        Assert.Equal(new ActivityCount(1, 0), f.ByType[ActivityType.QuickRequest]);
        Assert.Equal((3, 1, 7, 1, 10), (f.Individual, f.Workshops, f.WorkshopParticipants, f.QuickRequests, f.Accompaniments));
        Assert.False(f.IsEmpty);

        Assert.Equal(19, f.ByTheme.Count);
        var themes = f.ByTheme.Where(t => t.Value.Activities > 0).ToDictionary();
        Assert.Equal(new Dictionary<ActivityTheme, ActivityCount>
        {
            [ActivityTheme.Email] = new(2, 2),
            [ActivityTheme.AdministrativeProcedures] = new(1, 1),
            [ActivityTheme.Health] = new(2, 2),
            [ActivityTheme.Security] = new(1, 7),
            [ActivityTheme.SocialNetworks] = new(1, 7),
            [ActivityTheme.WebBrowsing] = new(1, 0),
        }, themes);

        Assert.Equal(11, f.ByProcedureFamily.Count);
        Assert.Equal(new Dictionary<ProcedureFamily, ActivityCount>
        {
            [ProcedureFamily.Housing] = new(1, 1),
            [ProcedureFamily.MoneyAndTaxes] = new(1, 1),
        }, f.ByProcedureFamily.Where(x => x.Value.Activities > 0).ToDictionary());

        Assert.Equal(new Dictionary<DurationBand, ActivityCount>
        {
            [DurationBand.Under30] = new(2, 1),
            [DurationBand.From30To60] = new(2, 2),
            [DurationBand.From60To120] = new(0, 0),
            [DurationBand.From120] = new(1, 7),
        }, f.ByDuration);

        Assert.Equal(new Dictionary<ActivityLocation, ActivityCount>
        {
            [ActivityLocation.Place] = new(1, 0),
            [ActivityLocation.Home] = new(2, 2),
            [ActivityLocation.Remote] = new(1, 1),
            [ActivityLocation.OtherPlace] = new(1, 7),
        }, f.ByLocation);

        Assert.Equal(new Dictionary<ActivityEquipment, ActivityCount>
        {
            [ActivityEquipment.Computer] = new(2, 8),
            [ActivityEquipment.Phone] = new(2, 1),
            [ActivityEquipment.Tablet] = new(1, 7),
            [ActivityEquipment.Other] = new(0, 0),
            [ActivityEquipment.NoEquipment] = new(1, 1),
            [ActivityEquipment.None] = new(1, 1),
        }, f.ByEquipment);

        Assert.Equal([new MonthFigures(2026, 3, new(3, 3)), new MonthFigures(2026, 4, new(2, 7))], f.ByMonth);

        var b = f.Beneficiaries;

        // P1 (twice), P2 and P3: three files. P1 had a record of X before, P2 a workshop of Y (same organization) before: both
        // returning. P3's earlier record is deleted: new.
        Assert.Equal((3, 1, 2), (b.Followed, b.FollowedNew, b.FollowedReturning));
        Assert.Equal((1, 5, 2, 1), (b.AnonymousIndividual, b.AnonymousWorkshop, b.AnonymousWorkshopReturning, b.AnonymousWorkshopNew));
        Assert.Equal((9, 6, 2, 4, 3), (b.Total, b.Anonymous, b.New, b.Returning, b.UnknownHistory));

        // Files: P1 born 1960 (66 in 2026), P2 born 2000 (26), P3 unknown; R1 18-24; workshop 2 × 60-69, 1 × 70+, 2 unsaid.
        Assert.Equal(new Dictionary<AgeBand, int>
        {
            [AgeBand.Under12] = 0,
            [AgeBand.From12To17] = 0,
            [AgeBand.From18To24] = 1,
            [AgeBand.From25To39] = 1,
            [AgeBand.From40To59] = 0,
            [AgeBand.From60To69] = 3,
            [AgeBand.From70] = 1,
            [AgeBand.Unknown] = 3,
        }, b.ByAgeBand);
        Assert.Equal(new Dictionary<Gender, int> { [Gender.Female] = 5, [Gender.Male] = 1, [Gender.Unknown] = 3 }, b.ByGender);
        Assert.Equal(new Dictionary<BeneficiaryStatus, int>
        {
            [BeneficiaryStatus.InEducation] = 0,
            [BeneficiaryStatus.Unemployed] = 1,
            [BeneficiaryStatus.Employed] = 1,
            [BeneficiaryStatus.Retired] = 1,
            [BeneficiaryStatus.Unknown] = 6,
        }, b.ByStatus);
    }

    [Fact]
    public async Task AnOrganizationsFiguresAddItsOtherAdvisorsAndLeaveOtherOrganizationsOut()
    {
        var set = await DatasetAsync(factory);
        var f = await OrganizationAsync(set.OrganizationA, From, To);

        Assert.Equal(new ActivityCount(6, 11), f.Total);
        Assert.Equal(new ActivityCount(4, 4), f.ByType[ActivityType.Individual]);
        Assert.Equal(new ActivityCount(1, 1), f.ByTheme[ActivityTheme.DigitalDiagnosis]);
        Assert.Equal(new ActivityCount(0, 0), f.ByTheme[ActivityTheme.Employment]);
        Assert.Equal(new ActivityCount(1, 1), f.ByDuration[DurationBand.From60To120]);
        Assert.Equal(new ActivityCount(2, 1), f.ByLocation[ActivityLocation.Place]);
        Assert.Equal(new ActivityCount(2, 8), f.ByEquipment[ActivityEquipment.Tablet]);
        Assert.Equal([new MonthFigures(2026, 3, new(4, 4)), new MonthFigures(2026, 4, new(2, 7))], f.ByMonth);

        var b = f.Beneficiaries;
        Assert.Equal((3, 1, 2), (b.Followed, b.FollowedNew, b.FollowedReturning));
        Assert.Equal(2, b.AnonymousIndividual);
        Assert.Equal(10, b.Total);
        Assert.Equal(2, b.ByAgeBand[AgeBand.From70]);
        Assert.Equal(2, b.ByGender[Gender.Male]);
        Assert.Equal(2, b.ByStatus[BeneficiaryStatus.Retired]);

        var other = await OrganizationAsync(set.OrganizationB, From, To);
        Assert.Equal(new ActivityCount(1, 1), other.Total);
        Assert.Equal(new ActivityCount(1, 1), other.ByTheme[ActivityTheme.Email]);
        Assert.Equal(0, other.Beneficiaries.Followed);
    }

    [Fact]
    public async Task ADayPeriodCountsThatDayOnlyAndAnEmptyPeriodIsEmptyWithItsMonthsListed()
    {
        var set = await DatasetAsync(factory);
        var firstDay = await AdvisorAsync(set.AdvisorX, From, From);
        Assert.Equal(new ActivityCount(1, 1), firstDay.Total);
        Assert.Equal([new MonthFigures(2026, 3, new(1, 1))], firstDay.ByMonth);

        var lastDay = await AdvisorAsync(set.AdvisorX, To, To);
        Assert.Equal(new ActivityCount(1, 0), lastDay.Total);
        Assert.Equal(0, lastDay.Beneficiaries.Total);

        var empty = await AdvisorAsync(set.AdvisorX, new(2025, 11, 15), new(2026, 1, 31));
        Assert.True(empty.IsEmpty);
        Assert.Equal(0, empty.Beneficiaries.Total);
        Assert.All(empty.ByTheme.Values, v => Assert.Equal(default, v));
        Assert.Equal([(2025, 11), (2025, 12), (2026, 1)], empty.ByMonth.Select(m => (m.Year, m.Month)));
    }

    [Fact]
    public async Task TheFiguresComeFromGroupedQueriesOnBothEngines()
    {
        var set = await DatasetAsync(factory);
        var sql = await factory.WithDbAsync(db =>
        {
            var records = db.Activities.Where(a => a.AdvisorId == set.AdvisorX && a.DeletedAt == null);
            return Task.FromResult(ActivityStatistics.MainQuery(records, From, To).ToQueryString());
        });

        // One statement, aggregated in SQL: a GROUP BY with the sums, the flag bits tested with &.
        Assert.Contains("GROUP BY", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SUM(CASE", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("& 262144", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Notes\"", sql, StringComparison.Ordinal);
    }
}
