using Maillage.Features.Agenda;

namespace Maillage.Tests.Features.Agenda;

/// <summary>Free slots from drop-in hours: length, notice, horizon, validity, holidays, absences, bookings and Paris daylight saving.</summary>
public sealed class SlotCalculatorTests
{
    // Monday 23 November 2026, 08:00 in Paris (UTC+1).
    private static readonly DateTimeOffset Monday8 = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(1));

    private static PermanenceRange Wednesday(string advisor = "sami", int id = 1, string start = "09:00", string end = "12:00") =>
        new(id, advisor, DayOfWeek.Wednesday, TimeOnly.Parse(start), TimeOnly.Parse(end), new DateOnly(2026, 1, 1));

    private static SlotRequest Request(int minutes = 30, int horizon = 30, double noticeHours = 2, DateTimeOffset? now = null) =>
        new(now ?? Monday8, minutes, TimeSpan.FromHours(noticeHours), horizon);

    private static DateTimeOffset Paris(int month, int day, int hour, int minute = 0) =>
        new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(month is > 3 and < 11 ? 2 : 1));

    [Fact]
    public void A_range_is_cut_into_appointments_of_the_motifs_length_and_a_remainder_is_left_out()
    {
        var slots = SlotCalculator.Compute([Wednesday(end: "11:40")], [], Request(minutes: 45, horizon: 2));
        Assert.Equal([Paris(11, 25, 9), Paris(11, 25, 9, 45), Paris(11, 25, 10, 30)], slots.Select(s => s.Start));
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(45), s.End - s.Start));
        Assert.All(slots, s => Assert.Equal(("sami", 1), (s.AdvisorId, s.PermanenceId)));
    }

    [Fact]
    public void Minimum_notice_and_horizon_bound_the_slots()
    {
        // Now is Wednesday 09:10: with 2 h of notice the first slot is 11:30; with a 7-day horizon, next Wednesday is the last day.
        var now = Paris(11, 25, 9, 10);
        var slots = SlotCalculator.Compute([Wednesday()], [], Request(now: now, horizon: 7));
        Assert.Equal(Paris(11, 25, 11, 30), slots[0].Start);
        Assert.Equal(Paris(12, 2, 11, 30), slots[^1].Start);
        Assert.Equal(1 + 6, slots.Count);

        Assert.Empty(SlotCalculator.Compute([Wednesday()], [], Request(horizon: 1)));
    }

    [Fact]
    public void Validity_walk_in_ranges_and_public_holidays_are_respected()
    {
        var until = Wednesday() with { ValidUntil = new DateOnly(2026, 12, 1) };
        Assert.Equal(6, SlotCalculator.Compute([until], [], Request(horizon: 30)).Count);

        Assert.Empty(SlotCalculator.Compute([Wednesday() with { Bookable = false }], [], Request()));

        // Friday 25 December 2026 is Christmas: no slot, unless the range says it opens on holidays.
        var friday = new PermanenceRange(2, "ines", DayOfWeek.Friday, new TimeOnly(14, 0), new TimeOnly(15, 0), new DateOnly(2026, 1, 1));
        var window = Request(minutes: 60, horizon: 40) with { From = new DateOnly(2026, 12, 24), To = new DateOnly(2026, 12, 26) };
        Assert.Empty(SlotCalculator.Compute([friday], [], window));
        Assert.Equal(Paris(12, 25, 14), Assert.Single(SlotCalculator.Compute([friday with { ObservesPublicHolidays = false }], [], window)).Start);
    }

    [Fact]
    public void Absences_and_booked_appointments_remove_only_the_slots_they_touch_and_only_for_their_advisor()
    {
        var ranges = new[] { Wednesday("sami", 1), Wednesday("ines", 2) };
        var busy = new[]
        {
            new BusyInterval("sami", Paris(11, 25, 9, 30), Paris(11, 25, 10)),          // a booked appointment
            new BusyInterval("sami", Paris(11, 25, 10, 45), Paris(11, 25, 11, 15)),     // straddles two slots
            new BusyInterval("ines", Paris(11, 20, 0), Paris(11, 26, 0)),               // a week's absence
            new BusyInterval("sami", Paris(11, 25, 12), Paris(11, 25, 13)),             // starts exactly at the range's end
        };
        var slots = SlotCalculator.Compute(ranges, busy, Request(horizon: 2));
        Assert.All(slots, s => Assert.Equal("sami", s.AdvisorId));
        Assert.Equal([Paris(11, 25, 9), Paris(11, 25, 10), Paris(11, 25, 11, 30)], slots.Select(s => s.Start));

        // A long absence that began long before still hides later slots (intervals overlapping one another).
        var nested = new[]
        {
            new BusyInterval("sami", Paris(11, 1, 0), Paris(11, 30, 0)),
            new BusyInterval("sami", Paris(11, 24, 9), Paris(11, 24, 10)),
        };
        Assert.Empty(SlotCalculator.Compute([Wednesday()], nested, Request(horizon: 2)));
    }

    [Fact]
    public void Slots_keep_paris_wall_clock_times_across_daylight_saving_and_skip_the_missing_hour()
    {
        // Sunday 29 March 2026: 02:00 → 03:00. A night range from 01:00 to 04:00 loses its 02:00 slot; the others keep their time.
        var night = new PermanenceRange(3, "sami", DayOfWeek.Sunday, new TimeOnly(1, 0), new TimeOnly(4, 0), new DateOnly(2026, 1, 1), ObservesPublicHolidays: false);
        var now = new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.FromHours(1));
        var slots = SlotCalculator.Compute([night], [], new SlotRequest(now, 60, TimeSpan.Zero, 3));
        Assert.Equal(
            [new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2))],
            slots.Select(s => s.Start));

        // Sunday 25 October 2026: 03:00 → 02:00. The repeated 02:00 is read as its first occurrence (summer time), and the next
        // day is back on a single offset.
        var autumn = new PermanenceRange(4, "sami", DayOfWeek.Sunday, new TimeOnly(1, 0), new TimeOnly(4, 0), new DateOnly(2026, 1, 1), ObservesPublicHolidays: false);
        var monday = new PermanenceRange(5, "sami", DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(10, 0), new DateOnly(2026, 1, 1));
        var fall = SlotCalculator.Compute([autumn, monday], [], new SlotRequest(new DateTimeOffset(2026, 10, 23, 12, 0, 0, TimeSpan.FromHours(2)), 60, TimeSpan.Zero, 3));
        Assert.Equal(
            [
                new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.FromHours(2)),
                new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.FromHours(2)),
                new DateTimeOffset(2026, 10, 25, 3, 0, 0, TimeSpan.FromHours(1)),
                new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.FromHours(1)),
            ],
            fall.Select(s => s.Start));

        // A Wednesday in summer is at UTC+2.
        var summer = SlotCalculator.Compute([Wednesday()], [], new SlotRequest(new DateTimeOffset(2026, 7, 6, 8, 0, 0, TimeSpan.FromHours(2)), 60, TimeSpan.Zero, 3));
        Assert.Equal(new DateTimeOffset(2026, 7, 8, 7, 0, 0, TimeSpan.Zero), summer[0].Start.ToUniversalTime());
    }

    [Fact]
    public void Several_advisors_come_out_in_time_order()
    {
        var ranges = new[] { Wednesday("zoe", 1, "10:00", "11:00"), Wednesday("ali", 2, "09:30", "10:30") };
        var slots = SlotCalculator.Compute(ranges, [], Request(horizon: 2));
        Assert.Equal(["ali 09:30", "ali 10:00", "zoe 10:00", "zoe 10:30"], slots.Select(s => $"{s.AdvisorId} {Maillage.Shared.Web.ParisTime.ToParis(s.Start):HH:mm}"));
    }
}
