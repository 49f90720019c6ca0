using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Statistiques;

namespace Maillage.Tests.Features.Accompagnements.Statistiques;

/// <summary>The breakdowns as tables and sheets: labels in the national order, distinct headers and sheet names, bar lengths.</summary>
public sealed class FigureTablesTests
{
    private static ActivityFigures Sample()
    {
        static Dictionary<T, ActivityCount> Counts<T>(Func<T, int> n) where T : struct, Enum =>
            Enum.GetValues<T>().ToDictionary(v => v, v => new ActivityCount(n(v), 2 * n(v)));
        return new ActivityFigures
        {
            From = new DateOnly(2026, 1, 15),
            To = new DateOnly(2026, 3, 2),
            Total = new ActivityCount(10, 20),
            TotalMinutes = 600,
            ByType = Counts<ActivityType>(t => (int)t),
            ByTheme = Counts<ActivityTheme>(t => t == ActivityTheme.Health ? 4 : 0),
            ByProcedureFamily = Counts<ProcedureFamily>(_ => 0),
            ByDuration = Counts<DurationBand>(d => (int)d),
            ByLocation = Counts<ActivityLocation>(l => (int)l),
            ByEquipment = Counts<ActivityEquipment>(e => e == ActivityEquipment.None ? 3 : 1),
            ByMonth = [.. ActivityStatistics.MonthsOf(new DateOnly(2026, 1, 15), new DateOnly(2026, 3, 2)).Select(m => new MonthFigures(m.Year, m.Month, new(1, 1)))],
            Beneficiaries = new BeneficiaryFigures
            {
                Followed = 2,
                AnonymousIndividual = 3,
                AnonymousWorkshop = 5,
                ByAgeBand = Enum.GetValues<AgeBand>().ToDictionary(v => v, _ => 1),
                ByGender = Enum.GetValues<Gender>().ToDictionary(v => v, _ => 1),
                ByStatus = Enum.GetValues<BeneficiaryStatus>().ToDictionary(v => v, _ => 1),
            },
        };
    }

    [Fact]
    public void EveryTableHasDistinctHeadersAndEverySheetAValidDistinctName()
    {
        var tables = FigureTables.Build(Sample());
        Assert.Equal(12, tables.Count);
        Assert.Equal(tables.Count, tables.Select(t => t.Id).Distinct().Count());
        Assert.Equal(tables.Count, tables.Select(t => t.SheetName).Append(FigureWorkbook.InformationSheet).Distinct().Count() - 1);
        Assert.All(tables, t =>
        {
            Assert.InRange(t.SheetName.Length, 1, 31);
            Assert.DoesNotContain(t.SheetName, c => "[]:*?/\\".Contains(c, StringComparison.Ordinal));
            var headers = t.ValueHeaders.Prepend(t.LabelHeader).ToList();
            Assert.Equal(headers.Count, headers.Distinct().Count());
            Assert.All(t.Rows, r => Assert.Equal(t.ValueHeaders.Count, r.Values.Count));
            Assert.False(string.IsNullOrWhiteSpace(t.Definition));
        });
    }

    [Fact]
    public void RowsFollowTheNationalListsAndMonthsAreNamedInFrench()
    {
        var tables = FigureTables.Build(Sample()).ToDictionary(t => t.Id);
        Assert.Equal(ActivityLabels.All<ActivityTheme>().Select(t => t.Label), tables["thematiques"].Rows.Select(r => r.Label));
        Assert.Equal([4L, 8L], tables["thematiques"].Rows.Single(r => r.Label == "Santé").Values);
        Assert.Equal(["Moins de 30 min", "De 30 min à moins d'1 h", "De 1 h à moins de 2 h", "2 h et plus"], tables["durees"].Rows.Select(r => r.Label));
        Assert.Equal(["janvier 2026", "février 2026", "mars 2026"], tables["mois"].Rows.Select(r => r.Label));
        Assert.Equal("Non renseigné", tables["materiel"].Rows[^1].Label);
        Assert.Equal([3L, 6L], tables["materiel"].Rows[^1].Values);
        Assert.Null(tables["thematiques"].TotalRow);
        Assert.Equal([10L, 20L], tables["accompagnements"].TotalRow!.Values);
        Assert.Equal([10L], tables["beneficiaires"].TotalRow!.Values);
    }

    [Fact]
    public void BarsAreInPercentOfTheLongestAndANonZeroValueShows()
    {
        var table = new FigureTable("t", "T", "T", "d", "Libellé", ["Nombre"],
            [new("a", [200]), new("b", [100]), new("c", [1]), new("d", [0])], null, 0);
        Assert.Equal([100, 50, 1, 0], table.Rows.Select(table.BarPercent));

        var empty = new FigureTable("t", "T", "T", "d", "Libellé", ["Nombre"], [new("a", [0])], null, 0);
        Assert.Equal(0, empty.BarPercent(empty.Rows[0]));
    }

    [Theory]
    [InlineData(1, DurationBand.Under30)]
    [InlineData(29, DurationBand.Under30)]
    [InlineData(30, DurationBand.From30To60)]
    [InlineData(59, DurationBand.From30To60)]
    [InlineData(60, DurationBand.From60To120)]
    [InlineData(119, DurationBand.From60To120)]
    [InlineData(120, DurationBand.From120)]
    [InlineData(480, DurationBand.From120)]
    public void DurationBandsSplitAtHalfAnHourOneHourAndTwoHours(int minutes, DurationBand band) =>
        Assert.Equal(band, ActivityStatistics.BandOf(minutes));
}
