using Maillage.Shared.OpeningHours;

namespace Maillage.Tests.Shared.OpeningHours;

public class WeeklyScheduleTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>A Paris wall-clock time (must not fall in a skipped or repeated hour).</summary>
    internal static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0);
        return new DateTimeOffset(local, Paris.GetUtcOffset(local));
    }

    [Theory]
    [InlineData("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off")]
    [InlineData("Mo,We,Fr 10:00-12:00; Tu 09:00-11:00; PH 10:00-12:00")]
    [InlineData("Mo-Fr 08:00-12:00, We 14:00-18:00")]
    [InlineData("Fr 19:00-11:00")]
    [InlineData("Mo-Fr 22:00-02:00; Sa off")]
    [InlineData("24/7")]
    [InlineData("24/7; PH off")]
    [InlineData("off")]
    [InlineData("PH off")]
    [InlineData("PH 10:00-12:00")]
    [InlineData("Mo 00:00-24:00; Tu 20:00-24:00")]
    [InlineData("Mo-Fr,PH 00:00-24:00")]
    public void TheCanonicalStringParsesBackToTheSameSchedule(string input)
    {
        var schedule = OpeningHoursParser.Parse(input);
        var canonical = schedule.ToOsmString();

        Assert.True(OpeningHoursParser.TryParse(canonical, out var again, out var error), error);
        Assert.Equal(schedule, again);
        Assert.Equal(canonical, again.ToOsmString());
    }

    [Fact]
    public void TheExampleOfTheStandardIsItsOwnCanonicalForm()
    {
        const string Example = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off";
        Assert.Equal(Example, OpeningHoursParser.Parse(Example).ToOsmString());
    }

    [Theory]
    [InlineData(2025, 3, 3, 8, 59, false)] // Monday before opening
    [InlineData(2025, 3, 3, 9, 0, true)] // opening minute is open
    [InlineData(2025, 3, 3, 11, 59, true)]
    [InlineData(2025, 3, 3, 12, 0, false)] // closing minute is closed
    [InlineData(2025, 3, 3, 14, 0, true)]
    [InlineData(2025, 3, 3, 18, 29, true)]
    [InlineData(2025, 3, 3, 18, 30, false)]
    [InlineData(2025, 3, 8, 10, 0, true)] // Saturday
    [InlineData(2025, 3, 9, 10, 0, false)] // Sunday
    public void IsOpenAtFollowsTheWeekInParisTime(int year, int month, int day, int hour, int minute, bool open)
    {
        var schedule = OpeningHoursParser.Parse("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off");
        Assert.Equal(open, schedule.IsOpenAt(At(year, month, day, hour, minute)));
    }

    [Fact]
    public void IsOpenAtReadsTheInstantInParisWhateverItsOffset()
    {
        var schedule = OpeningHoursParser.Parse("Mo 09:00-12:00");
        // 08:30 UTC on Monday 3 March 2025 is 09:30 in Paris (UTC+1).
        Assert.True(schedule.IsOpenAt(new DateTimeOffset(2025, 3, 3, 8, 30, 0, TimeSpan.Zero)));
        // 07:30 UTC on Monday 7 July 2025 is 09:30 in Paris (UTC+2).
        Assert.True(schedule.IsOpenAt(new DateTimeOffset(2025, 7, 7, 7, 30, 0, TimeSpan.Zero)));
        Assert.False(schedule.IsOpenAt(new DateTimeOffset(2025, 7, 7, 10, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void APublicHolidayClosesWhenTheHoursSayPhOff()
    {
        var thursdayFirstOfMay = At(2025, 5, 1, 10);
        Assert.False(OpeningHoursParser.Parse("Mo-Fr 09:00-18:00; PH off").IsOpenAt(thursdayFirstOfMay));
        Assert.True(OpeningHoursParser.Parse("Mo-Fr 09:00-18:00").IsOpenAt(thursdayFirstOfMay));
        Assert.True(OpeningHoursParser.Parse("Mo-Fr 09:00-18:00; PH off").IsOpenAt(At(2025, 5, 2, 10)));
    }

    [Fact]
    public void APublicHolidayFollowsItsOwnHoursWhenGiven()
    {
        var schedule = OpeningHoursParser.Parse("Mo-Fr 09:00-18:00; PH 10:00-12:00");
        var easterMonday = new DateOnly(2025, 4, 21);
        Assert.True(schedule.IsOpenAt(At(2025, 4, 21, 11)));
        Assert.False(schedule.IsOpenAt(At(2025, 4, 21, 9, 30)));
        Assert.False(schedule.IsOpenAt(At(2025, 4, 21, 15)));
        Assert.Equal("10:00-12:00", string.Join(",", schedule.RangesOn(easterMonday)));
        // A Sunday holiday opens too: PH is its own day.
        Assert.True(OpeningHoursParser.Parse("Mo-Fr 09:00-18:00; PH 10:00-12:00").IsOpenAt(At(2022, 12, 25, 11)));
    }

    [Fact]
    public void NextChangeFindsTheClosingAndTheNextOpening()
    {
        var schedule = OpeningHoursParser.Parse("Mo-Fr 09:00-12:00,14:00-18:30");
        Assert.Equal(At(2025, 3, 3, 12), schedule.NextChange(At(2025, 3, 3, 10)));
        Assert.Equal(At(2025, 3, 3, 14), schedule.NextChange(At(2025, 3, 3, 12)));
        Assert.Equal(At(2025, 3, 10, 9), schedule.NextChange(At(2025, 3, 7, 19)));
    }

    [Fact]
    public void NextChangeSkipsMidnightWhenOpenAcrossIt()
    {
        var schedule = OpeningHoursParser.Parse("Fr 22:00-02:00");
        Assert.True(schedule.IsOpenAt(At(2025, 3, 8, 1)));
        Assert.Equal(At(2025, 3, 8, 2), schedule.NextChange(At(2025, 3, 7, 23)));
    }

    [Fact]
    public void NextChangeSkipsAPublicHolidayThatIsClosed()
    {
        // 1 and 8 May 2023 were both Mondays.
        var schedule = OpeningHoursParser.Parse("Mo 09:00-12:00; PH off");
        Assert.Equal(At(2023, 5, 15, 9), schedule.NextChange(At(2023, 4, 30, 10)));
    }

    [Fact]
    public void NextChangeIsNullWhenNothingEverChanges()
    {
        Assert.Null(OpeningHoursParser.Parse("24/7").NextChange(At(2025, 3, 3, 10)));
        Assert.Null(OpeningHoursParser.Parse("off").NextChange(At(2025, 3, 3, 10)));
    }

    [Fact]
    public void NextChangeOverTheSpringDstWeekendKeepsTheWallClockTime()
    {
        // Clocks go forward on Sunday 30 March 2025 at 02:00 (UTC+1 → UTC+2).
        var schedule = OpeningHoursParser.Parse("Mo-Fr 09:00-18:00");
        var next = schedule.NextChange(At(2025, 3, 29, 12));
        Assert.Equal(new DateTimeOffset(2025, 3, 31, 9, 0, 0, TimeSpan.FromHours(2)), next);
        Assert.Equal(TimeSpan.FromHours(2), next!.Value.Offset);
    }

    [Fact]
    public void AnOpeningInTheSkippedSpringHourHappensWhenTheClockJumps()
    {
        var schedule = OpeningHoursParser.Parse("Su 02:30-05:00");
        var beforeJump = new DateTimeOffset(2025, 3, 30, 0, 30, 0, TimeSpan.Zero); // 01:30 UTC+1
        Assert.False(schedule.IsOpenAt(beforeJump));
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 1, 0, 0, TimeSpan.Zero), schedule.NextChange(beforeJump));
        Assert.True(schedule.IsOpenAt(new DateTimeOffset(2025, 3, 30, 1, 0, 0, TimeSpan.Zero))); // 03:00 UTC+2
    }

    [Fact]
    public void TheRepeatedAutumnHourIsOpenTwiceByTheWallClock()
    {
        // Clocks go back on Sunday 26 October 2025 at 03:00 UTC+2 (01:00 UTC) to 02:00 UTC+1.
        var schedule = OpeningHoursParser.Parse("Su 02:00-02:30");
        var firstPass = new DateTimeOffset(2025, 10, 26, 0, 10, 0, TimeSpan.Zero); // 02:10 UTC+2
        var between = new DateTimeOffset(2025, 10, 26, 0, 45, 0, TimeSpan.Zero); // 02:45 UTC+2
        var secondPass = new DateTimeOffset(2025, 10, 26, 1, 10, 0, TimeSpan.Zero); // 02:10 UTC+1

        Assert.True(schedule.IsOpenAt(firstPass));
        Assert.False(schedule.IsOpenAt(between));
        Assert.True(schedule.IsOpenAt(secondPass));
        Assert.Equal(new DateTimeOffset(2025, 10, 26, 0, 30, 0, TimeSpan.Zero), schedule.NextChange(firstPass));
        Assert.Equal(new DateTimeOffset(2025, 10, 26, 1, 0, 0, TimeSpan.Zero), schedule.NextChange(between));
        Assert.Equal(new DateTimeOffset(2025, 10, 26, 1, 30, 0, TimeSpan.Zero), schedule.NextChange(secondPass));
    }

    [Fact]
    public void OnTheAutumnDstDayAnEveningClosingIsAtTheWinterOffset()
    {
        var schedule = OpeningHoursParser.Parse("Su 10:00-18:00");
        var next = schedule.NextChange(At(2025, 10, 26, 11));
        Assert.Equal(new DateTimeOffset(2025, 10, 26, 18, 0, 0, TimeSpan.FromHours(1)), next);
    }

    [Fact]
    public void TheGridRoundTripsAScheduleAndBuildsItFromAForm()
    {
        var schedule = OpeningHoursParser.Parse("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off");
        var grid = schedule.ToGrid(slotsPerDay: 3);

        Assert.Equal(7, grid.Days.Count);
        Assert.Equal(DayOfWeek.Monday, grid.Days[0].Day);
        Assert.Equal(3, grid.Days[6].Slots.Count); // padded with blank slots for the form
        Assert.Equal("14:00", grid.Days[0].Slots[1].Opens);
        Assert.True(grid.TryToSchedule(out var again, out var errors), string.Join(" ", errors));
        Assert.Equal(schedule, again);

        grid.Days[6].Slots[0] = new OpeningHoursGridSlot { Opens = "22:00", Closes = "01:00" };
        grid.PublicHolidayMode = PublicHolidayMode.Open;
        grid.PublicHolidaySlots = [new() { Opens = "10:00", Closes = "12:00" }];
        Assert.True(grid.TryToSchedule(out var edited, out _));
        Assert.Equal("Mo 00:00-01:00,09:00-12:00,14:00-18:30; Tu-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; Su 22:00-24:00; PH 10:00-12:00", edited.ToOsmString());
    }

    [Fact]
    public void TheGridReportsBadSlotsInFrenchNamingTheDay()
    {
        var grid = new OpeningHoursGrid();
        grid.Days[1].Slots = [new() { Opens = "9h", Closes = "12:00" }, new() { Opens = "14:00", Closes = "14:00" }];
        grid.PublicHolidayMode = PublicHolidayMode.Open;

        Assert.False(grid.TryToSchedule(out _, out var errors));
        Assert.Equal(
            [
                "Mardi, plage 1 : heure d'ouverture invalide « 9h » (format HH:MM, de 00:00 à 23:59).",
                "Mardi, plage 2 : l'heure de fermeture doit différer de l'heure d'ouverture.",
                "Jours fériés : indiquez au moins une plage horaire, ou choisissez « fermé ».",
            ],
            errors);
    }
}
