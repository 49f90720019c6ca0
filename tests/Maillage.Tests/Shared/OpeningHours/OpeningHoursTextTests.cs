using Maillage.Shared.OpeningHours;
using static Maillage.Tests.Shared.OpeningHours.WeeklyScheduleTests;

namespace Maillage.Tests.Shared.OpeningHours;

public class OpeningHoursTextTests
{
    [Theory]
    [InlineData("Mo-Fr 09:00-12:00,14:00-18:00", 2025, 3, 3, 15, 0, "Ouvert maintenant · ferme à 18 h")]
    [InlineData("Mo-Fr 09:00-12:30,14:00-18:00", 2025, 3, 3, 10, 0, "Ouvert maintenant · ferme à 12 h 30")]
    [InlineData("Mo-Fr 09:00-12:30,14:00-18:00", 2025, 3, 3, 13, 0, "Fermé · ouvre à 14 h")]
    [InlineData("Tu 09:00-12:00", 2025, 3, 8, 10, 0, "Fermé · ouvre mardi à 9 h")]
    [InlineData("Tu-Fr 09:00-12:00", 2025, 3, 3, 10, 0, "Fermé · ouvre demain à 9 h")]
    [InlineData("Mo-Fr 09:00-18:00; PH off", 2025, 5, 1, 10, 0, "Fermé · ouvre demain à 9 h")]
    [InlineData("Mo 09:00-12:00; PH off", 2023, 4, 30, 10, 0, "Fermé · ouvre le lundi 15 mai à 9 h")]
    [InlineData("Mo 20:00-24:00", 2025, 3, 3, 21, 0, "Ouvert maintenant · ferme à minuit")]
    [InlineData("Fr 22:00-02:00", 2025, 3, 7, 23, 0, "Ouvert maintenant · ferme demain à 2 h")]
    [InlineData("Sa 08:30-12:00", 2025, 3, 7, 19, 0, "Fermé · ouvre demain à 8 h 30")]
    [InlineData("24/7", 2025, 3, 3, 10, 0, "Ouvert 24 h/24, 7 j/7")]
    [InlineData("off", 2025, 3, 3, 10, 0, "Fermé")]
    public void TheStatusLineSaysWhatHappensNextInPlainFrench(string hours, int year, int month, int day, int hour, int minute, string expected)
    {
        var schedule = OpeningHoursParser.Parse(hours);
        Assert.Equal(expected, OpeningHoursText.StatusLine(schedule, At(year, month, day, hour, minute)));
    }

    [Fact]
    public void TwentyFourSevenClosedOnHolidaysIsNotAlwaysOpen()
    {
        var schedule = OpeningHoursParser.Parse("24/7; PH off");
        Assert.Equal("Ouvert maintenant · ferme à minuit", OpeningHoursText.StatusLine(schedule, At(2025, 4, 20, 10)));
    }

    [Fact]
    public void TheWeeklyTableHasOneLinePerDayAndOneForHolidays()
    {
        var schedule = OpeningHoursParser.Parse("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off");
        Assert.Equal(
            [
                "Lundi : 9 h – 12 h, 14 h – 18 h 30",
                "Mardi : 9 h – 12 h, 14 h – 18 h 30",
                "Mercredi : 9 h – 12 h, 14 h – 18 h 30",
                "Jeudi : 9 h – 12 h, 14 h – 18 h 30",
                "Vendredi : 9 h – 12 h, 14 h – 18 h 30",
                "Samedi : 8 h 30 – 12 h",
                "Dimanche : fermé",
                "Jours fériés : fermé",
            ],
            OpeningHoursText.WeeklyLines(schedule));
    }

    [Fact]
    public void TheWeeklyTableSaysMidnightAndRoundTheClock()
    {
        var lines = OpeningHoursText.WeeklyLines(OpeningHoursParser.Parse("Mo 00:00-24:00; Fr 22:00-02:00; PH 10:00-12:00"));
        Assert.Equal("Lundi : ouvert 24 h/24", lines[0]);
        Assert.Equal("Vendredi : 22 h – minuit", lines[4]);
        Assert.Equal("Samedi : 0 h – 2 h", lines[5]);
        Assert.Equal("Jours fériés : 10 h – 12 h", lines[7]);
        Assert.Equal(7, OpeningHoursText.WeeklyLines(OpeningHoursParser.Parse("Mo 10:00-12:00")).Count);
    }
}
