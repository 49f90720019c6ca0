namespace Maillage.Shared.OpeningHours;

/// <summary>
/// A range of minutes within one day, from <see cref="StartMinute"/> (included) to <see cref="EndMinute"/> (excluded).
/// 0 is midnight at the start of the day and 1440 is midnight at its end (written <c>24:00</c>).
/// Ranges that cross midnight are split by the parser into one range per day.
/// </summary>
public readonly record struct TimeRange
{
    public const int MinutesPerDay = 24 * 60;

    public TimeRange(int startMinute, int endMinute)
    {
        if (startMinute < 0 || startMinute >= MinutesPerDay)
        {
            throw new ArgumentOutOfRangeException(nameof(startMinute), startMinute, "The start must be in [0, 1440).");
        }

        if (endMinute <= startMinute || endMinute > MinutesPerDay)
        {
            throw new ArgumentOutOfRangeException(nameof(endMinute), endMinute, "The end must be after the start and at most 1440.");
        }

        StartMinute = startMinute;
        EndMinute = endMinute;
    }

    public int StartMinute { get; }

    public int EndMinute { get; }

    public bool IsWholeDay => StartMinute == 0 && EndMinute == MinutesPerDay;

    public bool Contains(int minuteOfDay) => minuteOfDay >= StartMinute && minuteOfDay < EndMinute;

    public static TimeRange Parse(string start, string end) =>
        new(ParseClock(start) ?? throw new FormatException(start), ParseClock(end) ?? throw new FormatException(end));

    /// <summary>Reads <c>HH:MM</c> (or <c>H:MM</c>) from 00:00 to 24:00 as minutes; null when it is not a valid clock time.</summary>
    public static int? ParseClock(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Trim().Split(':');
        if (parts.Length != 2 || parts[0].Length is < 1 or > 2 || parts[1].Length != 2
            || !parts[0].All(char.IsAsciiDigit) || !parts[1].All(char.IsAsciiDigit))
        {
            return null;
        }

        var hours = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var minutes = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
        {
            return null;
        }

        return (hours * 60) + minutes;
    }

    /// <summary>Writes minutes as <c>HH:MM</c>; 1440 becomes <c>24:00</c>.</summary>
    public static string FormatClock(int minutes) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");

    public override string ToString() => $"{FormatClock(StartMinute)}-{FormatClock(EndMinute)}";

    /// <summary>Sorts ranges and merges those that overlap or touch.</summary>
    public static IReadOnlyList<TimeRange> Normalize(IEnumerable<TimeRange> ranges)
    {
        var sorted = ranges.OrderBy(r => r.StartMinute).ThenBy(r => r.EndMinute).ToList();
        var merged = new List<TimeRange>(sorted.Count);
        foreach (var range in sorted)
        {
            if (merged.Count > 0 && range.StartMinute <= merged[^1].EndMinute)
            {
                var last = merged[^1];
                merged[^1] = new TimeRange(last.StartMinute, Math.Max(last.EndMinute, range.EndMinute));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    /// <summary>Removes <paramref name="removed"/> from every range of <paramref name="ranges"/>.</summary>
    public static IReadOnlyList<TimeRange> Subtract(IEnumerable<TimeRange> ranges, TimeRange removed)
    {
        var result = new List<TimeRange>();
        foreach (var range in ranges)
        {
            if (removed.EndMinute <= range.StartMinute || removed.StartMinute >= range.EndMinute)
            {
                result.Add(range);
                continue;
            }

            if (removed.StartMinute > range.StartMinute)
            {
                result.Add(new TimeRange(range.StartMinute, removed.StartMinute));
            }

            if (removed.EndMinute < range.EndMinute)
            {
                result.Add(new TimeRange(removed.EndMinute, range.EndMinute));
            }
        }

        return Normalize(result);
    }
}
