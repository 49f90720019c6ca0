using Maillage.Data;
using Maillage.Shared.Email;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Booking;

/// <summary>What a message about an appointment says: where, when, with whom, for what.</summary>
public sealed record AppointmentSummary(long Id, string PlaceName, string Address, string Motif, string Advisor, DateTimeOffset Start, DateTimeOffset End)
{
    public static async Task<AppointmentSummary> LoadAsync(AppDbContext db, Appointment appointment, CancellationToken ct)
    {
        var place = await db.Places.AsNoTracking().Where(p => p.Id == appointment.PlaceId)
            .Select(p => new { p.Name, p.Address, p.PostalCode, p.CommuneName }).SingleAsync(ct);
        var motif = await db.AppointmentMotifs.AsNoTracking().Where(m => m.Id == appointment.MotifId).Select(m => m.Name).SingleAsync(ct);
        var advisor = await db.AdvisorProfiles.AsNoTracking().Where(p => p.UserId == appointment.AdvisorId).Select(p => p.PublicName).FirstOrDefaultAsync(ct);
        return new AppointmentSummary(appointment.Id, place.Name, $"{place.Address}, {place.PostalCode} {place.CommuneName}", motif, advisor ?? "un conseiller numérique",
            appointment.Start, appointment.End);
    }

    public AgendaEvent ToEvent(bool cancelled = false) =>
        new(AgendaCalendar.Uid("rendez-vous", Id), Start, End, $"Rendez-vous : {Motif}", $"{PlaceName}, {Address}", $"Avec {Advisor}.", cancelled);
}

/// <summary>
/// Tells the person about their appointment: by e-mail (with an .ics) when they gave one, else by SMS. Best effort: a failed
/// delivery is logged and reported to the caller (which tells the person), the appointment stays.
/// </summary>
public sealed class BookingNotifier(AppDbContext db, IMailer mailer, ISmsSender sms, ILogger<BookingNotifier> logger)
{
    public enum Kind
    {
        Confirmed,
        Moved,
        Cancelled,
        Reminder,
    }

    public static string ManagementUrl(string baseUrl, string token) => $"{baseUrl.TrimEnd('/')}/rendez-vous/gerer/{token}";

    /// <summary>Sends the message; true when it left (or there was nowhere to send it and nothing to report).</summary>
    public async Task<bool> SendAsync(Appointment appointment, Kind kind, string? baseUrl, string? token, CancellationToken ct = default)
    {
        var summary = await AppointmentSummary.LoadAsync(db, appointment, ct);
        var link = baseUrl is not null && token is not null ? ManagementUrl(baseUrl, token) : null;
        try
        {
            if (appointment.ContactEmail is { Length: > 0 } email)
            {
                await mailer.SendAsync(Mail(email, appointment.ContactName, summary, kind, link), ct);
            }
            else if (appointment.ContactPhone is { Length: > 0 } phone)
            {
                await sms.SendAsync(phone, Sms(summary, kind, link), ct);
            }

            return true;
        }
        catch (Exception e) when (MailFailures.IsDeliveryFailure(e) || e is SmsDeliveryException)
        {
            logger.LogWarning(e, "Appointment {AppointmentId}: the {Kind} message could not be sent", appointment.Id, kind);
            return false;
        }
    }

    public static OutgoingMail Mail(string to, string name, AppointmentSummary s, Kind kind, string? link)
    {
        var when = BookingText.When(s.Start);
        var (subject, opening) = kind switch
        {
            Kind.Confirmed => ($"Votre rendez-vous du {when}", "Votre rendez-vous est confirmé."),
            Kind.Moved => ($"Rendez-vous déplacé au {when}", "Votre rendez-vous a été déplacé. Voici la nouvelle date."),
            Kind.Cancelled => ($"Rendez-vous annulé : {when}", "Votre rendez-vous est annulé. Vous pouvez en prendre un autre quand vous voulez."),
            _ => ($"Rappel : rendez-vous le {when}", "Nous vous rappelons votre rendez-vous."),
        };
        var manage = kind == Kind.Cancelled
            ? ""
            : link is not null
                ? $"\nPour annuler ou déplacer ce rendez-vous (jusqu'à quelques heures avant) :\n{link}\n"
                : "\nPour annuler ou déplacer ce rendez-vous, utilisez le lien reçu dans l'e-mail de confirmation, ou appelez le lieu.\n";
        var text = $"""
            Bonjour {name},

            {opening}

            Motif : {s.Motif}
            Date : {when} (durée {(int)(s.End - s.Start).TotalMinutes} minutes)
            Lieu : {s.PlaceName}, {s.Address}
            Avec : {s.Advisor}
            {manage}
            Le fichier joint ajoute le rendez-vous à votre agenda.

            Ce message est envoyé automatiquement, merci de ne pas y répondre.
            """;
        var ics = AgendaCalendar.WriteBytes([s.ToEvent(kind == Kind.Cancelled)], cancel: kind == Kind.Cancelled);
        return new OutgoingMail(to, subject, text, null, [new MailAttachment("rendez-vous.ics", AgendaCalendar.ContentType, ics)]);
    }

    public static string Sms(AppointmentSummary s, Kind kind, string? link)
    {
        var when = BookingText.When(s.Start);
        var head = kind switch
        {
            Kind.Confirmed => $"RDV confirmé le {when}",
            Kind.Moved => $"RDV déplacé au {when}",
            Kind.Cancelled => $"RDV du {when} annulé",
            _ => $"Rappel : RDV le {when}",
        };
        var tail = kind != Kind.Cancelled && link is not null ? $" Annuler ou déplacer : {link}" : "";
        return $"{head}, {s.PlaceName} ({s.Motif}).{tail}";
    }
}
