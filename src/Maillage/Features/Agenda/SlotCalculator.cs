using Maillage.Shared.OpeningHours;
using Maillage.Shared.Web;

namespace Maillage.Features.Agenda;

/// <summary>One weekly range of an advisor's drop-in hours (permanence) at a place, in Paris local time.</summary>
public sealed record PermanenceRange(
    int PermanenceId,
    string AdvisorId,
    DayOfWeek Day,
    TimeOnly Start,
    TimeOnly End,
    DateOnly ValidFrom,
    DateOnly? ValidUntil = null,
    bool Bookable = true,
    bool ObservesPublicHolidays = true);

/// <summary>A time an advisor is not available (absence, closure) or already taken (an appointment), as instants.</summary>
public sealed record BusyInterval(string AdvisorId, DateTimeOffset Start, DateTimeOffset End);

/// <summary>What is asked: the appointment's length, the motif's minimum notice and horizon, and an optional window of days.</summary>
public sealed record SlotRequest(DateTimeOffset Now, int DurationMinutes, TimeSpan MinimumNotice, int HorizonDays, DateOnly? From = null, DateOnly? To = null);

/// <summary>A bookable slot with the advisor and the permanence it belongs to.</summary>
public sealed record FreeSlot(DateTimeOffset Start, DateTimeOffset End, string AdvisorId, int PermanenceId);

/// <summary>
/// Free slots = the bookable permanence ranges cut into appointments of the motif's length, minus what is busy (absences,
/// closures, booked appointments), minus French public holidays, within the minimum notice and the horizon. Pure: the caller
/// loads the ranges and busy intervals of the place and saves nothing, so the same answer serves the public page, the API and
/// the booking's final check.
/// </summary>
public static class SlotCalculator
{
    public static IReadOnlyList<FreeSlot> Compute(IEnumerable<PermanenceRange> ranges, IEnumerable<BusyInterval> busy, SlotRequest request)
    {
        if (request.DurationMinutes <= 0 || request.HorizonDays < 0)
        {
            return [];
        }

        var length = TimeSpan.FromMinutes(request.DurationMinutes);
        var earliest = request.Now + request.MinimumNotice;
        var today = DateOnly.FromDateTime(ParisTime.ToParis(request.Now).DateTime);
        var first = request.From is { } from && from > today ? from : today;
        var last = today.AddDays(request.HorizonDays);
        if (request.To is { } to && to < last)
        {
            last = to;
        }

        // Busy time per advisor, merged into disjoint intervals sorted by start: a slot is checked with one binary search.
        var busyByAdvisor = busy.Where(b => b.End > b.Start).GroupBy(b => b.AdvisorId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Merge(g), StringComparer.Ordinal);
        var bookable = ranges.Where(r => r.Bookable && r.End > r.Start).ToList();
        var slots = new List<FreeSlot>();

        // Ranges by weekday, so each day looks only at its own.
        var byDay = new List<PermanenceRange>[7];
        for (var d = 0; d < 7; d++)
        {
            byDay[d] = [];
        }

        foreach (var range in bookable)
        {
            byDay[(int)range.Day].Add(range);
        }

        // Advisors of one place share their hours: on a clock-change day each wall-clock time is turned into an instant once;
        // on any other day the day's single offset serves every time (time-zone lookups are the costly part).
        var instants = new Dictionary<TimeSpan, DateTimeOffset?>();
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            var dayRanges = byDay[(int)date.DayOfWeek];
            if (dayRanges.Count == 0)
            {
                continue;
            }

            instants.Clear();
            var dayOffset = SingleOffset(date);
            var holiday = FrenchPublicHolidays.IsHoliday(date);
            foreach (var range in dayRanges)
            {
                if (date < range.ValidFrom || (range.ValidUntil is { } until && date > until) || (holiday && range.ObservesPublicHolidays))
                {
                    continue;
                }

                busyByAdvisor.TryGetValue(range.AdvisorId, out var taken);
                for (var offset = range.Start.ToTimeSpan(); offset + length <= range.End.ToTimeSpan(); offset += length)
                {
                    DateTimeOffset? known;
                    if (dayOffset is { } single)
                    {
                        known = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) + offset, single);
                    }
                    else if (!instants.TryGetValue(offset, out known))
                    {
                        known = ToInstant(date, TimeOnly.FromTimeSpan(offset));
                        instants[offset] = known;
                    }

                    if (known is not { } instant)
                    {
                        continue;
                    }

                    var end = instant + length;
                    if (instant >= earliest && !Overlaps(taken, instant, end))
                    {
                        slots.Add(new FreeSlot(instant, end, range.AdvisorId, range.PermanenceId));
                    }
                }
            }
        }

        slots.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.AdvisorId, b.AdvisorId));
        return slots;
    }

    /// <summary>The Paris offset of a whole day, or null on the two days a year the clocks change.</summary>
    private static TimeSpan? SingleOffset(DateOnly date)
    {
        var morning = ParisTime.Zone.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified));
        var evening = ParisTime.Zone.GetUtcOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified));
        return morning == evening ? morning : null;
    }

    /// <summary>
    /// A Paris wall-clock time as an instant; null for a time that does not exist (the spring-forward hour). An ambiguous
    /// autumn time is read as its first occurrence (summer time), as a person reading a clock would.
    /// </summary>
    public static DateTimeOffset? ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (ParisTime.Zone.IsInvalidTime(local))
        {
            return null;
        }

        var offset = ParisTime.Zone.IsAmbiguousTime(local) ? ParisTime.Zone.GetAmbiguousTimeOffsets(local).Max() : ParisTime.Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>Sorts one advisor's busy intervals and merges those that overlap or touch.</summary>
    private static (long Start, long End)[] Merge(IEnumerable<BusyInterval> intervals)
    {
        var sorted = intervals.Select(b => (Start: b.Start.UtcTicks, End: b.End.UtcTicks)).OrderBy(b => b.Start).ToList();
        var merged = new List<(long Start, long End)>(sorted.Count);
        foreach (var interval in sorted)
        {
            if (merged.Count > 0 && interval.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, interval.End));
            }
            else
            {
                merged.Add(interval);
            }
        }

        return [.. merged];
    }

    private static bool Overlaps((long Start, long End)[]? taken, DateTimeOffset start, DateTimeOffset end)
    {
        if (taken is null || taken.Length == 0)
        {
            return false;
        }

        // The intervals are disjoint and sorted: only the last one starting before the slot's end can reach into it.
        var (slotStart, slotEnd) = (start.UtcTicks, end.UtcTicks);
        int low = 0, high = taken.Length - 1, found = -1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (taken[middle].Start < slotEnd)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found >= 0 && taken[found].End > slotStart;
    }
}
