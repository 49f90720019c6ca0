using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Maillage.Features.Agenda;

/// <summary>One event of an .ics file: an appointment, a workshop session, a permanence.</summary>
public sealed record AgendaEvent(
    string Uid,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Summary,
    string? Location = null,
    string? Description = null,
    bool Cancelled = false);

/// <summary>iCalendar (RFC 5545) files: the attachment of a confirmation, and the advisor's private feed.</summary>
public static class AgendaCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    /// <param name="cancel">METHOD:CANCEL, so that a calendar that imported the event removes it.</param>
    public static string Write(IEnumerable<AgendaEvent> events, string? name = null, bool cancel = false)
    {
        var calendar = new Calendar { ProductId = "-//Maillage//Agenda//FR", Method = cancel ? "CANCEL" : "PUBLISH" };
        if (name is not null)
        {
            calendar.AddProperty("X-WR-CALNAME", name);
        }

        foreach (var e in events)
        {
            calendar.Events.Add(new CalendarEvent
            {
                // Times in UTC: every calendar reads them without a VTIMEZONE block.
                Uid = e.Uid,
                Start = new CalDateTime(e.Start.UtcDateTime),
                End = new CalDateTime(e.End.UtcDateTime),
                Summary = e.Summary,
                Location = e.Location,
                Description = e.Description,
                Status = e.Cancelled || cancel ? "CANCELLED" : "CONFIRMED",
                DtStamp = new CalDateTime(DateTime.UtcNow),
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    public static byte[] WriteBytes(IEnumerable<AgendaEvent> events, string? name = null, bool cancel = false) =>
        Encoding.UTF8.GetBytes(Write(events, name, cancel));

    /// <summary>A stable UID per object and host, so a moved appointment replaces the first event instead of adding one.</summary>
    public static string Uid(string kind, long id) => $"{kind}-{id}@maillage";
}
