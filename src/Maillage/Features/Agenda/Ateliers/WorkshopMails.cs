using System.Globalization;
using Maillage.Shared.Email;
using Maillage.Shared.Web;

namespace Maillage.Features.Agenda.Ateliers;

/// <summary>
/// The e-mails of a registration: confirmation (or waiting list) with the .ics and the management link, promotion from the
/// waiting list, cancellation. A person who gave only a phone gets the same news as a short SMS. A failed delivery never
/// undoes the registration: the methods answer false and the page says the message did not leave.
/// </summary>
public sealed class WorkshopMails(IMailer mailer, Booking.ISmsSender sms, ManagementLinks links, ILogger<WorkshopMails> logger)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string ManagementLink(string baseUrl, string token) => $"{baseUrl}/ateliers/inscription/{Uri.EscapeDataString(token)}";

    /// <summary>« mardi 3 mars 2026 de 14:00 à 16:00 », in Paris time.</summary>
    public static string When(WorkshopSession s)
    {
        var start = ParisTime.ToParis(s.Start);
        var end = ParisTime.ToParis(s.End);
        return $"{start.ToString("dddd d MMMM yyyy", French)} de {start:HH\\:mm} à {end:HH\\:mm}";
    }

    public static string Where(WorkshopSession s) =>
        s.Place is { } p ? $"{p.Name}, {p.Address}, {p.PostalCode} {p.CommuneName}" : "";

    public static AgendaEvent Event(WorkshopSession s, bool cancelled = false) =>
        new(AgendaCalendar.Uid("atelier", s.Id), s.Start, s.End, $"Atelier : {s.WorkshopType?.Title}", Where(s), s.WorkshopType?.Description, cancelled);

    public Task<bool> SendRegisteredAsync(Registration r, WorkshopSession s, string token, string baseUrl, int? position, CancellationToken ct = default)
    {
        var link = ManagementLink(baseUrl, token);
        var title = s.WorkshopType?.Title;
        if (r.Status == RegistrationStatus.Waiting)
        {
            var body = $"""
                Bonjour {r.ContactName},

                L'atelier « {title} » du {When(s)} est complet : vous êtes inscrit sur la liste d'attente, en position {position}.
                Si une place se libère, vous êtes inscrit automatiquement et nous vous écrivons aussitôt.

                Lieu : {Where(s)}

                Pour quitter la liste d'attente : {link}

                Gardez ce message : ce lien sert aussi à annuler votre inscription si vous obtenez une place.
                """;
            return SendAsync(r, $"Liste d'attente : {title}", body, null, ct, $"Atelier « {title} » du {When(s)} complet : vous êtes en position {position} sur la liste d'attente. Pour la quitter : {link}");
        }

        var confirmed = $"""
            Bonjour {r.ContactName},

            Votre inscription à l'atelier « {title} » est confirmée.

            Date : {When(s)}
            Lieu : {Where(s)}

            Le fichier joint ajoute la séance à votre agenda.
            Si vous ne pouvez pas venir, annulez pour laisser votre place : {link}
            """;
        return SendAsync(r, $"Inscription confirmée : {title}", confirmed, Ics(s, cancel: false), ct, $"Inscription confirmée : atelier « {title} » le {When(s)}. Pour annuler : {link}");
    }

    public Task<bool> SendPromotedAsync(Registration r, WorkshopSession s, CancellationToken ct = default)
    {
        var link = links.BaseUrl() is { } baseUrl && links.Recover(ManagementLinks.RegistrationPrefix, r.ManagementNonce, r.ManagementTokenHash) is { } token
            ? ManagementLink(baseUrl, token)
            : null;
        var cancel = link is null
            ? "Si vous ne pouvez plus venir, annulez avec le lien reçu lors de votre inscription, pour laisser la place à quelqu'un d'autre."
            : $"Si vous ne pouvez plus venir, annulez pour laisser la place à quelqu'un d'autre : {link}";
        var body = $"""
            Bonjour {r.ContactName},

            Bonne nouvelle : une place s'est libérée. Vous étiez sur la liste d'attente de l'atelier « {s.WorkshopType?.Title} » : vous êtes maintenant inscrit.

            Date : {When(s)}
            Lieu : {Where(s)}

            Le fichier joint ajoute la séance à votre agenda.
            {cancel}
            """;
        return SendAsync(r, $"Une place s'est libérée : {s.WorkshopType?.Title}", body, Ics(s, cancel: false), ct,
            $"Une place s'est libérée : vous êtes inscrit à l'atelier « {s.WorkshopType?.Title} » le {When(s)}.{(link is null ? "" : $" Pour annuler : {link}")}");
    }

    public Task<bool> SendCancelledAsync(Registration r, WorkshopSession s, CancellationToken ct = default)
    {
        var body = $"""
            Bonjour {r.ContactName},

            Votre inscription à l'atelier « {s.WorkshopType?.Title} » du {When(s)} est annulée.
            Merci de nous avoir prévenus. Vous pouvez vous inscrire à une autre séance sur la page des ateliers.
            """;
        return SendAsync(r, $"Inscription annulée : {s.WorkshopType?.Title}", body, Ics(s, cancel: true), ct, $"Votre inscription à l'atelier « {s.WorkshopType?.Title} » du {When(s)} est annulée.");
    }

    public Task<bool> SendSessionCancelledAsync(Registration r, WorkshopSession s, CancellationToken ct = default)
    {
        var body = $"""
            Bonjour {r.ContactName},

            Nous sommes désolés : la séance de l'atelier « {s.WorkshopType?.Title} » du {When(s)} ({Where(s)}) est annulée.
            Vous pouvez vous inscrire à une autre séance sur la page des ateliers.
            """;
        return SendAsync(r, $"Séance annulée : {s.WorkshopType?.Title}", body, Ics(s, cancel: true), ct, $"Désolés : l'atelier « {s.WorkshopType?.Title} » du {When(s)} est annulé.");
    }

    private static MailAttachment Ics(WorkshopSession s, bool cancel) =>
        new("atelier.ics", AgendaCalendar.ContentType, AgendaCalendar.WriteBytes([Event(s, cancel)], cancel: cancel));

    private async Task<bool> SendAsync(Registration r, string subject, string body, MailAttachment? ics, CancellationToken ct, string smsText)
    {
        if (r.ContactEmail is not { } to)
        {
            if (string.IsNullOrEmpty(r.ContactPhone))
            {
                return false;
            }

            try
            {
                await sms.SendAsync(r.ContactPhone, smsText, ct);
                return true;
            }
            catch (Booking.SmsDeliveryException e)
            {
                logger.LogWarning(e, "Workshop SMS for registration {RegistrationId} not delivered", r.Id);
                return false;
            }
        }

        try
        {
            await mailer.SendAsync(new OutgoingMail(to, subject, body, null, ics is null ? null : [ics]), ct);
            return true;
        }
        catch (Exception e) when (MailFailures.IsDeliveryFailure(e))
        {
            logger.LogWarning(e, "Workshop mail for registration {RegistrationId} not delivered", r.Id);
            return false;
        }
    }
}
