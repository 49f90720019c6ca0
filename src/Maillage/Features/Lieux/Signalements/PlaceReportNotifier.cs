using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Email;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Lieux.Signalements;

/// <summary>
/// Tells the coordinators of a place's territory that a report arrived. Best effort: a mail failure is logged, the report
/// stays in the queue. The mail carries no contact address (that stays in the queue, behind sign-in).
/// </summary>
public static class PlaceReportNotifier
{
    public static async Task<int> NotifyAsync(AppDbContext db, IMailer mailer, ILogger logger, PlaceReport report, Place place, string baseUrl, CancellationToken ct)
    {
        var paths = await db.Places.AsNoTracking().Where(p => p.Id == place.Id)
            .Select(p => new { Commune = p.Commune != null ? p.Commune.Path : null, Organization = p.Organization != null && p.Organization.Territory != null ? p.Organization.Territory.Path : null })
            .SingleAsync(ct);
        var coordinators = await db.Grants.AsNoTracking()
            .Where(g => g.Role == Role.Coordinateur && g.Territory != null && g.User!.IsActive && g.User.Email != null)
            .Select(g => new { g.Territory!.Path, Email = g.User!.Email!, g.User.DisplayName })
            .ToListAsync(ct);
        var recipients = coordinators
            .Where(c => (paths.Commune?.StartsWith(c.Path, StringComparison.Ordinal) ?? false) || (paths.Organization?.StartsWith(c.Path, StringComparison.Ordinal) ?? false))
            .DistinctBy(c => c.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var sent = 0;
        foreach (var recipient in recipients)
        {
            try
            {
                await mailer.SendAsync(new OutgoingMail(recipient.Email, $"Signalement d'une erreur sur la fiche « {place.Name} »", $"""
                    Bonjour {recipient.DisplayName},

                    Une personne a signalé une erreur sur la fiche publique du lieu « {place.Name} » ({place.CommuneName}).

                    Sujet : {PlaceReportTopics.Label(report.Topic)}
                    Message :
                    {report.Message}

                    Pour le lire et le classer (connexion nécessaire) :
                    {baseUrl}/gestion/signalements

                    Fiche publique : {baseUrl}/lieux/{place.Id}
                    """), ct);
                sent++;
            }
            catch (Exception e) when (MailFailures.IsDeliveryFailure(e))
            {
                logger.LogWarning(e, "Place report notification could not be sent for place {PlaceId}", place.Id);
            }
        }

        return sent;
    }
}
