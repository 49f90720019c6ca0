using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Ateliers;

/// <summary>
/// Links a workshop registration to the person's named file, so that closing the attendance records them as a named
/// participant of the collective activity (the others count as anonymous). Until the attendance is closed; only files of the
/// session's organization the user may open (<see cref="NamedFiles"/>); each change is written to the journal.
/// </summary>
public sealed class RegistrationFiles(AppDbContext db, AuditLog audit)
{
    /// <summary>The registration, with its session, when the user runs or manages the session and may link a file to it.</summary>
    public async Task<Registration?> FindAsync(ActivityAccess access, int sessionId, long registrationId, CancellationToken ct)
    {
        var registration = await db.Registrations.Include(r => r.Session!).ThenInclude(s => s.Advisors).Include(r => r.Session!.WorkshopType)
            .FirstOrDefaultAsync(r => r.Id == registrationId && r.WorkshopSessionId == sessionId, ct);
        return registration is not null && access.CanSee(registration.Session!) && NamedFiles.CanLink(access, registration.Session!.OrganizationId) ? registration : null;
    }

    public async Task<(FileLinkOutcome Outcome, string? Message)> LinkAsync(ActivityAccess access, int sessionId, long registrationId, long? beneficiaryId, CancellationToken ct)
    {
        var registration = await FindAsync(access, sessionId, registrationId, ct);
        if (registration is null)
        {
            return (FileLinkOutcome.NotFound, null);
        }

        var session = registration.Session!;
        if (registration.Status == RegistrationStatus.Cancelled || session.AttendanceClosedAt is not null)
        {
            return (FileLinkOutcome.Refused, "L'inscription est annulée ou l'émargement est clos : la fiche ne change plus ici.");
        }

        if (beneficiaryId is { } id && !await NamedFiles.IsLinkableAsync(db, access, session.OrganizationId, id, ct))
        {
            return (FileLinkOutcome.InvalidFile, NamedFiles.InvalidFileMessage);
        }

        var outcome = beneficiaryId is null ? FileLinkOutcome.Unlinked : FileLinkOutcome.Linked;
        if (registration.BeneficiaryId == beneficiaryId)
        {
            return (outcome, null);
        }

        registration.BeneficiaryId = beneficiaryId;
        audit.Record(AuditActions.RegistrationFileLinked, "inscription", registrationId.ToString(CultureInfo.InvariantCulture), Conseillers.AppointmentFiles.LinkText(beneficiaryId));
        await db.SaveChangesAsync(ct);
        return (outcome, null);
    }
}
