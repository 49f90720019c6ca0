using Maillage.Shared.OpeningHours;

namespace Maillage.Tests.Shared.OpeningHours;

public class FrenchPublicHolidaysTests
{
    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2038, 4, 25)]
    public void EasterSundayIsComputed(int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), FrenchPublicHolidays.EasterSunday(year));
    }

    [Fact]
    public void The2025HolidaysAreTheElevenNationalOnes()
    {
        var expected = new[]
        {
            "2025-01-01", "2025-04-21", "2025-05-01", "2025-05-08", "2025-05-29", "2025-06-09",
            "2025-07-14", "2025-08-15", "2025-11-01", "2025-11-11", "2025-12-25",
        };
        Assert.Equal(expected, FrenchPublicHolidays.ForYear(2025).Select(h => h.Date.ToString("yyyy-MM-dd")));
        Assert.All(expected, d => Assert.True(FrenchPublicHolidays.IsHoliday(DateOnly.Parse(d))));
    }

    [Theory]
    [InlineData("2025-04-20")] // Easter Sunday itself is a Sunday, not a holiday of its own
    [InlineData("2025-04-18")] // Good Friday: Alsace-Moselle only
    [InlineData("2025-12-26")]
    [InlineData("2025-03-03")]
    public void OrdinaryDaysAreNotHolidays(string date)
    {
        Assert.False(FrenchPublicHolidays.IsHoliday(DateOnly.Parse(date)));
    }

    [Fact]
    public void AHolidayHasAFrenchName()
    {
        Assert.Equal("Lundi de Pentecôte", FrenchPublicHolidays.NameOf(new DateOnly(2025, 6, 9)));
        Assert.Null(FrenchPublicHolidays.NameOf(new DateOnly(2025, 6, 10)));
    }
}
