using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Shared.Email;
using Maillage.Shared.Security;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Conseillers;

public enum StatusChange
{
    Changed,
    NotFound,

    /// <summary>The change is not allowed from the current status (see the message).</summary>
    Refused,
}

public sealed record StatusResult(StatusChange Outcome, string? Message = null, bool MailFailed = false);

/// <summary>
/// What the advisor does with an appointment after booking: honoured, absent (no-show) or cancelled by the staff (the person
/// is told by e-mail when they gave one); the no-show rate; the private iCalendar feed.
/// </summary>
public sealed class AppointmentStatusService(AppDbContext db, AuditLog audit, IMailer mailer, TimeProvider clock, ILogger<AppointmentStatusService> logger)
{
    public const int FeedDays = 90;

    /// <summary>Appointments the user reads, with their motif and place.</summary>
    public IQueryable<Appointment> Readable(AgendaAccess access) =>
        access.Appointments(db.Appointments.AsNoTracking()).Include(a => a.Motif).Include(a => a.Place);

    /// <summary>
    /// Honoured and absent are said once the appointment has begun (they can be corrected between them until an activity record
    /// is made from it); a cancellation is for an appointment still to come, and is final.
    /// </summary>
    public static string? Refusal(Appointment a, AppointmentStatus target, DateTimeOffset now) => target switch
    {
        _ when a.Status == target => $"Ce rendez-vous est déjà « {AgendaText.Status(target).ToLowerInvariant()} ».",
        _ when a.Status == AppointmentStatus.Cancelled => "Ce rendez-vous est annulé : son statut ne change plus.",
        AppointmentStatus.Honoured or AppointmentStatus.NoShow when a.Start > now =>
            "Ce rendez-vous n'a pas encore commencé : vous pourrez le marquer honoré ou absent à partir de son heure.",
        AppointmentStatus.NoShow when a.ActivityId is not null => "Un compte rendu a été fait de ce rendez-vous : il ne peut plus être marqué absent.",
        AppointmentStatus.Cancelled when a.Status != AppointmentStatus.Booked => "Seul un rendez-vous à venir peut être annulé.",
        AppointmentStatus.Cancelled when a.End <= now => "Ce rendez-vous est passé : marquez-le honoré ou absent.",
        AppointmentStatus.Booked => "Un rendez-vous ne revient pas « à venir ».",
        _ => null,
    };

    public async Task<StatusResult> ChangeAsync(AgendaAccess access, long id, AppointmentStatus target, CancellationToken ct)
    {
        var appointment = await access.Appointments(db.Appointments).Include(a => a.Motif).Include(a => a.Place).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null)
        {
            return new StatusResult(StatusChange.NotFound);
        }

        var now = clock.GetUtcNow();
        if (Refusal(appointment, target, now) is { } refusal)
        {
            return new StatusResult(StatusChange.Refused, refusal);
        }

        // Conditional on the status read: two advisors clicking at once change it once, the second is told.
        var previous = appointment.Status;
        var cancelled = target == AppointmentStatus.Cancelled;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rows = await db.Appointments.Where(a => a.Id == id && a.Status == previous)
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(a => a.Status, target).SetProperty(a => a.ModifiedAt, now).SetProperty(a => a.Version, a => a.Version + 1);
                if (cancelled)
                {
                    s.SetProperty(a => a.CancelledBy, CancelledBy.Staff).SetProperty(a => a.CancelledById, access.UserId).SetProperty(a => a.CancelledAt, now);
                }
            }, ct);
        if (rows == 0)
        {
            return new StatusResult(StatusChange.Refused, "Ce rendez-vous vient d'être modifié par quelqu'un d'autre : rechargez la page.");
        }

        audit.Record(AuditActions.AppointmentStatusChanged, "rendez-vous", id.ToString(CultureInfo.InvariantCulture),
            $"{AgendaText.Status(previous)} → {AgendaText.Status(target)}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var mailFailed = false;
        if (cancelled && appointment.ContactEmail is { } email)
        {
            mailFailed = !await SendCancellationAsync(appointment, email, ct);
        }

        return new StatusResult(StatusChange.Changed, MailFailed: mailFailed);
    }

    private async Task<bool> SendCancellationAsync(Appointment a, string email, CancellationToken ct)
    {
        var when = $"{AgendaText.Date(AgendaText.ParisDate(a.Start))} à {AgendaText.Time(a.Start)}";
        var place = a.Place is { } p ? $"{p.Name}, {p.Address}, {p.PostalCode} {p.CommuneName}" : null;
        var text = $"Bonjour {a.ContactName},\n\nVotre rendez-vous « {a.Motif?.Name} » du {when}{(place is null ? "" : $" ({place})")} est annulé par la structure. "
            + "Nous vous prions de nous en excuser. Vous pouvez prendre un autre rendez-vous sur le site.\n\nL'équipe de médiation numérique";
        var ics = AgendaCalendar.WriteBytes([new AgendaEvent(AgendaCalendar.Uid("rdv", a.Id), a.Start, a.End, $"Rendez-vous : {a.Motif?.Name}", place, Cancelled: true)], cancel: true);
        try
        {
            await mailer.SendAsync(new OutgoingMail(email, "Votre rendez-vous est annulé", text, Attachments: [new MailAttachment("annulation.ics", AgendaCalendar.ContentType, ics)]), ct);
            return true;
        }
        catch (Exception e) when (MailFailures.IsDeliveryFailure(e))
        {
            logger.LogWarning(e, "Cancellation notice of appointment {AppointmentId} not delivered", a.Id);
            return false;
        }
    }

    /// <summary>Per advisor: honoured and absent appointments over a period, and absent / (honoured + absent).</summary>
    public async Task<List<NoShowFigure>> NoShowAsync(AgendaAccess access, DateTimeOffset from, DateTimeOffset to, string? advisorId, CancellationToken ct)
    {
        var q = access.Appointments(db.Appointments.AsNoTracking())
            .Where(a => a.Start >= from && a.Start < to && (a.Status == AppointmentStatus.Honoured || a.Status == AppointmentStatus.NoShow));
        if (advisorId is not null)
        {
            q = q.Where(a => a.AdvisorId == advisorId);
        }

        var rows = await q.GroupBy(a => a.AdvisorId)
            .Select(g => new { AdvisorId = g.Key, Honoured = g.Count(a => a.Status == AppointmentStatus.Honoured), NoShow = g.Count(a => a.Status == AppointmentStatus.NoShow) })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.AdvisorId).ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return [.. rows.Select(r => new NoShowFigure(r.AdvisorId, names.GetValueOrDefault(r.AdvisorId, "?"), r.Honoured, r.NoShow)).OrderBy(r => r.Name, StringComparer.Create(AgendaText.French, false))];
    }

    /// <summary>Opens (or replaces) the advisor's private feed; the secret is returned once, only its hash is kept.</summary>
    public async Task<string> OpenFeedAsync(AdvisorProfile profile, CancellationToken ct)
    {
        var token = SecretTokens.New("cal_");
        profile.CalendarFeedTokenHash = SecretTokens.Hash(token);
        audit.Record(AuditActions.CalendarFeedChanged, "conseiller", profile.UserId, "Lien d'agenda privé créé (l'ancien, s'il existait, ne fonctionne plus).");
        await db.SaveChangesAsync(ct);
        return token;
    }

    public async Task RevokeFeedAsync(AdvisorProfile profile, CancellationToken ct)
    {
        profile.CalendarFeedTokenHash = null;
        audit.Record(AuditActions.CalendarFeedChanged, "conseiller", profile.UserId, "Lien d'agenda privé révoqué.");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The .ics of the feed: the advisor's live appointments and sessions over the next <see cref="FeedDays"/> days; null for an unknown or revoked token.</summary>
    public async Task<string?> FeedAsync(string token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = SecretTokens.Hash(token);
        var profile = await db.AdvisorProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.CalendarFeedTokenHash == hash && p.IsActive, ct);
        if (profile is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var from = now.AddDays(-1);
        var to = now.AddDays(FeedDays);
        var appointments = await db.Appointments.AsNoTracking()
            .Where(a => a.AdvisorId == profile.UserId && a.Status != AppointmentStatus.Cancelled && a.Start >= from && a.Start < to)
            .OrderBy(a => a.Start)
            .Select(a => new { a.Id, a.Start, a.End, Motif = a.Motif!.Name, a.ContactName, Place = a.Place!.Name, a.Place.CommuneName })
            .ToListAsync(ct);
        var sessions = await db.WorkshopSessionAdvisors.AsNoTracking()
            .Where(w => w.AdvisorId == profile.UserId && w.Session!.Status == WorkshopSessionStatus.Scheduled && w.Session.Start >= from && w.Session.Start < to)
            .Select(w => new { w.Session!.Id, w.Session.Start, w.Session.End, Title = w.Session.WorkshopType!.Title, Place = w.Session.Place!.Name, w.Session.Place.CommuneName, w.Session.ConfirmedCount, w.Session.Capacity })
            .ToListAsync(ct);

        // Name and motif only: phone and e-mail stay in Maillage, whatever calendar the advisor subscribes with.
        var events = appointments.Select(a => new AgendaEvent(AgendaCalendar.Uid("rdv", a.Id), a.Start, a.End, $"RDV {a.ContactName} : {a.Motif}", $"{a.Place}, {a.CommuneName}"))
            .Concat(sessions.Select(s => new AgendaEvent(AgendaCalendar.Uid("atelier", s.Id), s.Start, s.End, $"Atelier : {s.Title}", $"{s.Place}, {s.CommuneName}", $"{s.ConfirmedCount} inscrit·es sur {s.Capacity} places")))
            .OrderBy(e => e.Start);
        return AgendaCalendar.Write(events, $"Agenda Maillage – {profile.PublicName}");
    }
}

public sealed record NoShowFigure(string AdvisorId, string Name, int Honoured, int NoShow)
{
    public double? Rate => Honoured + NoShow == 0 ? null : (double)NoShow / (Honoured + NoShow);
}
