using System.Globalization;

namespace Maillage.Shared.OpeningHours;

/// <summary>
/// The editable form of a <see cref="WeeklySchedule"/> for back-office forms: one row per weekday (Monday first)
/// with its time slots as <c>HH:MM</c> text, and a row for public holidays. Blank slots are ignored,
/// a slot whose end is before its start runs past midnight.
/// </summary>
public sealed class OpeningHoursGrid
{
    public List<OpeningHoursGridDay> Days { get; set; } = [.. WeeklySchedule.Week.Select(d => new OpeningHoursGridDay { Day = d })];

    public PublicHolidayMode PublicHolidayMode { get; set; }

    /// <summary>Used when <see cref="PublicHolidayMode"/> is <see cref="OpeningHours.PublicHolidayMode.Open"/>.</summary>
    public List<OpeningHoursGridSlot> PublicHolidaySlots { get; set; } = [];

    public static OpeningHoursGrid FromSchedule(WeeklySchedule schedule, int slotsPerDay = 0)
    {
        var grid = new OpeningHoursGrid
        {
            Days = [.. WeeklySchedule.Week.Select(day => new OpeningHoursGridDay { Day = day, Slots = Slots(schedule[day], slotsPerDay) })],
            PublicHolidayMode = schedule.PublicHolidays.Mode,
            PublicHolidaySlots = Slots(schedule.PublicHolidays.Ranges, slotsPerDay),
        };
        return grid;
    }

    /// <summary>Builds the schedule, or lists French messages naming the day and the slot at fault.</summary>
    public bool TryToSchedule(out WeeklySchedule schedule, out IReadOnlyList<string> errors)
    {
        var messages = new List<string>();
        var days = WeeklySchedule.Week.ToDictionary(d => d, _ => new List<TimeRange>());
        foreach (var row in Days)
        {
            var nextDay = (DayOfWeek)(((int)row.Day + 1) % 7);
            foreach (var (own, spill) in ReadSlots(OpeningHoursText.DayName(row.Day), row.Slots, messages, allowPastMidnight: true))
            {
                days[row.Day].Add(own);
                if (spill is { } next)
                {
                    days[nextDay].Add(next);
                }
            }
        }

        var holidays = PublicHolidayHours.Unspecified;
        if (PublicHolidayMode == PublicHolidayMode.Closed)
        {
            holidays = PublicHolidayHours.Closed;
        }
        else if (PublicHolidayMode == PublicHolidayMode.Open)
        {
            var before = messages.Count;
            var ranges = ReadSlots("Jours fériés", PublicHolidaySlots, messages, allowPastMidnight: false).Select(r => r.Own).ToList();
            if (ranges.Count == 0 && messages.Count == before)
            {
                messages.Add("Jours fériés : indiquez au moins une plage horaire, ou choisissez « fermé ».");
            }

            holidays = PublicHolidayHours.Open(ranges);
        }

        errors = messages;
        schedule = messages.Count == 0
            ? WeeklySchedule.Create(days.ToDictionary(p => p.Key, p => (IEnumerable<TimeRange>)p.Value), holidays)
            : WeeklySchedule.Empty;
        return messages.Count == 0;
    }

    private static List<OpeningHoursGridSlot> Slots(IReadOnlyList<TimeRange> ranges, int minimum)
    {
        var slots = ranges.Select(r => new OpeningHoursGridSlot
        {
            Opens = TimeRange.FormatClock(r.StartMinute),
            Closes = TimeRange.FormatClock(r.EndMinute),
        }).ToList();
        while (slots.Count < minimum)
        {
            slots.Add(new OpeningHoursGridSlot());
        }

        return slots;
    }

    private static List<(TimeRange Own, TimeRange? Spill)> ReadSlots(
        string label, IEnumerable<OpeningHoursGridSlot> slots, List<string> messages, bool allowPastMidnight)
    {
        var result = new List<(TimeRange, TimeRange?)>();
        var number = 0;
        foreach (var slot in slots)
        {
            number++;
            if (string.IsNullOrWhiteSpace(slot.Opens) && string.IsNullOrWhiteSpace(slot.Closes))
            {
                continue;
            }

            var where = string.Create(CultureInfo.InvariantCulture, $"{label}, plage {number}");
            var opens = TimeRange.ParseClock(slot.Opens);
            var closes = TimeRange.ParseClock(slot.Closes);
            if (opens is null || opens == TimeRange.MinutesPerDay)
            {
                messages.Add($"{where} : heure d'ouverture invalide « {slot.Opens} » (format HH:MM, de 00:00 à 23:59).");
                continue;
            }

            if (closes is null)
            {
                messages.Add($"{where} : heure de fermeture invalide « {slot.Closes} » (format HH:MM, de 00:00 à 24:00).");
                continue;
            }

            if (closes == opens)
            {
                messages.Add($"{where} : l'heure de fermeture doit différer de l'heure d'ouverture.");
            }
            else if (closes > opens)
            {
                result.Add((new TimeRange(opens.Value, closes.Value), null));
            }
            else if (!allowPastMidnight)
            {
                messages.Add($"{where} : l'heure de fermeture doit être après l'heure d'ouverture.");
            }
            else
            {
                result.Add((new TimeRange(opens.Value, TimeRange.MinutesPerDay), closes == 0 ? null : new TimeRange(0, closes.Value)));
            }
        }

        return result;
    }
}

public sealed class OpeningHoursGridDay
{
    public DayOfWeek Day { get; set; }

    /// <summary>No slot (or only blank ones) means closed that day.</summary>
    public List<OpeningHoursGridSlot> Slots { get; set; } = [];
}

public sealed class OpeningHoursGridSlot
{
    /// <summary><c>HH:MM</c>.</summary>
    public string? Opens { get; set; }

    /// <summary><c>HH:MM</c>, <c>24:00</c> for midnight at the end of the day.</summary>
    public string? Closes { get; set; }
}
