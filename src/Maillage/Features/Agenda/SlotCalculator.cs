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

        // Busy intervals per advisor, sorted by start: a slot is checked with one binary search.
        var busyByAdvisor = busy.Where(b => b.End > b.Start).GroupBy(b => b.AdvisorId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Busy([.. g.OrderBy(b => b.Start)], g.Max(b => b.End - b.Start)), StringComparer.Ordinal);
        var bookable = ranges.Where(r => r.Bookable && r.End > r.Start).ToList();
        var slots = new List<FreeSlot>();

        // Advisors of one place share their hours: each wall-clock time of a day is turned into an instant once.
        var instants = new Dictionary<TimeSpan, DateTimeOffset?>();
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            instants.Clear();
            var holiday = FrenchPublicHolidays.IsHoliday(date);
            foreach (var range in bookable)
            {
                if (range.Day != date.DayOfWeek || date < range.ValidFrom || (range.ValidUntil is { } until && date > until) || (holiday && range.ObservesPublicHolidays))
                {
                    continue;
                }

                busyByAdvisor.TryGetValue(range.AdvisorId, out var taken);
                for (var offset = range.Start.ToTimeSpan(); offset + length <= range.End.ToTimeSpan(); offset += length)
                {
                    if (!instants.TryGetValue(offset, out var known))
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

    private static bool Overlaps(Busy? taken, DateTimeOffset start, DateTimeOffset end)
    {
        if (taken is null)
        {
            return false;
        }

        // Busy intervals may overlap one another: from the last one starting before the slot's end, walk back while a start
        // is recent enough (the longest interval bounds it) for its end to reach into the slot.
        var items = taken.Items;
        var index = Array.BinarySearch(items, new BusyInterval("", end, end), StartComparer.Instance);
        for (var i = (index >= 0 ? index : ~index) - 1; i >= 0 && items[i].Start + taken.Longest > start; i--)
        {
            if (items[i].End > start)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Busy(BusyInterval[] Items, TimeSpan Longest);

    private sealed class StartComparer : IComparer<BusyInterval>
    {
        public static readonly StartComparer Instance = new();

        // Ties sort the probe after equal starts, so a busy interval starting exactly at the slot's end is not "before" it.
        public int Compare(BusyInterval? x, BusyInterval? y) => x!.Start < y!.Start ? -1 : 1;
    }
}
