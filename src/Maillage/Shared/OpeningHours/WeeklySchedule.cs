using System.Text;
using Maillage.Shared.Web;

namespace Maillage.Shared.OpeningHours;

/// <summary>
/// A place's regular week: for each weekday, sorted non-overlapping time ranges (none means closed), plus what
/// happens on public holidays. Immutable; build it with <see cref="OpeningHoursParser"/>, <see cref="OpeningHoursGrid"/>
/// or the <c>With…</c> methods. Times are wall-clock times in Europe/Paris.
/// </summary>
public sealed class WeeklySchedule : IEquatable<WeeklySchedule>
{
    /// <summary>Monday first, as OSM writes weeks.</summary>
    public static readonly IReadOnlyList<DayOfWeek> Week =
    [
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday,
        DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday,
    ];

    public static readonly WeeklySchedule Empty = new(Enumerable.Range(0, 7).Select(_ => (IReadOnlyList<TimeRange>)[]).ToArray(), PublicHolidayHours.Unspecified);

    /// <summary>How long <see cref="NextChange"/> looks ahead before giving up.</summary>
    private const int LookAheadDays = 400;

    private static readonly string[] OsmDayNames = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

    // Indexed Monday = 0 … Sunday = 6.
    private readonly IReadOnlyList<TimeRange>[] _days;

    private WeeklySchedule(IReadOnlyList<TimeRange>[] days, PublicHolidayHours publicHolidays)
    {
        _days = days;
        PublicHolidays = publicHolidays;
    }

    public PublicHolidayHours PublicHolidays { get; }

    public IReadOnlyList<TimeRange> this[DayOfWeek day] => _days[IndexOf(day)];

    /// <summary>Open round the clock every day, holidays included.</summary>
    public bool IsAlwaysOpen =>
        _days.All(d => d.Count == 1 && d[0].IsWholeDay)
        && (PublicHolidays.Mode == PublicHolidayMode.Unspecified
            || (PublicHolidays.Mode == PublicHolidayMode.Open && PublicHolidays.Ranges is [{ IsWholeDay: true }]));

    /// <summary>Never open, holidays included.</summary>
    public bool IsAlwaysClosed => _days.All(d => d.Count == 0) && PublicHolidays.Mode != PublicHolidayMode.Open;

    public static WeeklySchedule Create(IReadOnlyDictionary<DayOfWeek, IEnumerable<TimeRange>> days, PublicHolidayHours? publicHolidays = null)
    {
        var array = new IReadOnlyList<TimeRange>[7];
        foreach (var day in Week)
        {
            array[IndexOf(day)] = days.TryGetValue(day, out var ranges) ? TimeRange.Normalize(ranges) : [];
        }

        return new WeeklySchedule(array, publicHolidays ?? PublicHolidayHours.Unspecified);
    }

    public WeeklySchedule WithDay(DayOfWeek day, IEnumerable<TimeRange> ranges)
    {
        var array = (IReadOnlyList<TimeRange>[])_days.Clone();
        array[IndexOf(day)] = TimeRange.Normalize(ranges);
        return new WeeklySchedule(array, PublicHolidays);
    }

    public WeeklySchedule WithPublicHolidays(PublicHolidayHours publicHolidays) => new(_days, publicHolidays);

    /// <summary>The ranges that apply on a given local date: the holiday's when the schedule speaks of holidays, else the weekday's.</summary>
    public IReadOnlyList<TimeRange> RangesOn(DateOnly localDate) =>
        PublicHolidays.Mode != PublicHolidayMode.Unspecified && FrenchPublicHolidays.IsHoliday(localDate)
            ? PublicHolidays.Ranges
            : this[localDate.DayOfWeek];

    public bool IsOpenAt(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, ParisTime.Zone).DateTime;
        var minute = (local.Hour * 60) + local.Minute;
        return RangesOn(DateOnly.FromDateTime(local)).Any(r => r.Contains(minute));
    }

    /// <summary>
    /// The first instant after <paramref name="instant"/> at which the place opens (if closed) or closes (if open),
    /// in Paris offset; null when nothing changes within about a year (always open or never open).
    /// </summary>
    public DateTimeOffset? NextChange(DateTimeOffset instant)
    {
        var zone = ParisTime.Zone;
        var isOpen = IsOpenAt(instant);
        var firstDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        var candidates = new List<DateTimeOffset>();
        for (var offset = 0; offset <= LookAheadDays; offset++)
        {
            var date = firstDate.AddDays(offset);
            candidates.Clear();
            AddInstants(candidates, date, 0, zone);
            foreach (var range in RangesOn(date))
            {
                AddInstants(candidates, date, range.StartMinute, zone);
                if (range.EndMinute < TimeRange.MinutesPerDay)
                {
                    AddInstants(candidates, date, range.EndMinute, zone);
                }
            }

            AddClockChange(candidates, date, zone);
            foreach (var candidate in candidates.Order())
            {
                if (candidate > instant && IsOpenAt(candidate) != isOpen)
                {
                    return TimeZoneInfo.ConvertTime(candidate, zone);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The canonical OSM string: days with the same ranges grouped (<c>Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off</c>),
    /// closed days left out, <c>24/7</c> when open round the clock, <c>off</c> when never open.
    /// </summary>
    public string ToOsmString()
    {
        var rules = new List<string>();
        if (_days.All(d => d.Count == 1 && d[0].IsWholeDay))
        {
            rules.Add("24/7");
        }
        else
        {
            var groups = new List<(string Ranges, List<int> Days)>();
            for (var i = 0; i < 7; i++)
            {
                if (_days[i].Count == 0)
                {
                    continue;
                }

                var key = FormatRanges(_days[i]);
                var group = groups.FirstOrDefault(g => g.Ranges == key);
                if (group.Days is null)
                {
                    groups.Add((key, [i]));
                }
                else
                {
                    group.Days.Add(i);
                }
            }

            rules.AddRange(groups.Select(g => $"{FormatDays(g.Days)} {g.Ranges}"));
        }

        switch (PublicHolidays.Mode)
        {
            case PublicHolidayMode.Closed:
                rules.Add("PH off");
                break;
            case PublicHolidayMode.Open:
                rules.Add($"PH {FormatRanges(PublicHolidays.Ranges)}");
                break;
        }

        return rules.Count == 0 ? "off" : string.Join("; ", rules);
    }

    public OpeningHoursGrid ToGrid(int slotsPerDay = 0) => OpeningHoursGrid.FromSchedule(this, slotsPerDay);

    public override string ToString() => ToOsmString();

    public bool Equals(WeeklySchedule? other) =>
        other is not null
        && PublicHolidays.Equals(other.PublicHolidays)
        && _days.Zip(other._days).All(pair => pair.First.SequenceEqual(pair.Second));

    public override bool Equals(object? obj) => Equals(obj as WeeklySchedule);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var range in _days.SelectMany(d => d.Append(default)))
        {
            hash.Add(range);
        }

        hash.Add(PublicHolidays);
        return hash.ToHashCode();
    }

    internal static int IndexOf(DayOfWeek day) => ((int)day + 6) % 7;

    internal static string OsmName(DayOfWeek day) => OsmDayNames[IndexOf(day)];

    private static string FormatRanges(IReadOnlyList<TimeRange> ranges) => string.Join(",", ranges);

    /// <summary>Consecutive runs of three days or more become <c>Mo-We</c>, shorter ones are listed: <c>Mo,Tu,Th-Sa</c>.</summary>
    private static string FormatDays(List<int> days)
    {
        var text = new StringBuilder();
        var i = 0;
        while (i < days.Count)
        {
            var j = i;
            while (j + 1 < days.Count && days[j + 1] == days[j] + 1)
            {
                j++;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            if (j - i >= 2)
            {
                text.Append(OsmDayNames[days[i]]).Append('-').Append(OsmDayNames[days[j]]);
            }
            else
            {
                text.AppendJoin(',', days.Skip(i).Take(j - i + 1).Select(d => OsmDayNames[d]));
            }

            i = j + 1;
        }

        return text.ToString();
    }

    /// <summary>
    /// Adds the instant(s) at which the Paris wall clock shows <paramref name="minute"/> on <paramref name="date"/>:
    /// two in the repeated autumn hour, and for a time skipped in spring the instant the clock jumps.
    /// </summary>
    private static void AddInstants(List<DateTimeOffset> candidates, DateOnly date, int minute, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).AddMinutes(minute);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        if (zone.IsAmbiguousTime(local))
        {
            foreach (var offset in zone.GetAmbiguousTimeOffsets(local))
            {
                candidates.Add(new DateTimeOffset(local, offset));
            }
        }
        else
        {
            candidates.Add(new DateTimeOffset(local, zone.GetUtcOffset(local)));
        }
    }

    /// <summary>When the clock goes back, the wall-clock state can change at the transition itself: add that instant.</summary>
    private static void AddClockChange(List<DateTimeOffset> candidates, DateOnly date, TimeZoneInfo zone)
    {
        var from = date.ToDateTime(TimeOnly.MinValue);
        var before = new DateTimeOffset(from, zone.GetUtcOffset(from)).UtcDateTime;
        var after = before.AddDays(1);
        if (zone.GetUtcOffset(before) == zone.GetUtcOffset(after))
        {
            return;
        }

        var low = before;
        var high = after;
        while ((high - low) > TimeSpan.FromMinutes(1))
        {
            var middle = low + ((high - low) / 2);
            if (zone.GetUtcOffset(middle) == zone.GetUtcOffset(before))
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        // Transitions fall on whole minutes: round the upper bound down to the minute.
        var transition = new DateTime(high.Ticks - (high.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
        if (zone.GetUtcOffset(transition) != zone.GetUtcOffset(before))
        {
            candidates.Add(new DateTimeOffset(transition));
        }
        else
        {
            candidates.Add(new DateTimeOffset(transition.AddMinutes(1)));
        }
    }
}
