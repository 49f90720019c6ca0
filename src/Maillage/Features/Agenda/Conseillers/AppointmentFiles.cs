using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Conseillers;

/// <summary>
/// Links an appointment to the person's named file (or unlinks it), so that « Transformer en compte rendu » records the
/// activity for that file: the advisor never types the person twice. Only files of the appointment's organization that the
/// user may open are offered or accepted (<see cref="NamedFiles"/>), and each change is written to the journal.
/// </summary>
public sealed class AppointmentFiles(AppDbContext db, AuditLog audit)
{
    /// <summary>The user holds files for the appointment's organization (advisor or Structure there), and it is not cancelled.</summary>
    public static bool CanLink(AgendaAccess access, Appointment appointment) =>
        NamedFiles.CanLink(access.Activities, appointment.OrganizationId) && appointment.Status != AppointmentStatus.Cancelled;

    public Task<List<FileCandidate>> CandidatesAsync(AgendaAccess access, Appointment appointment, string? query, CancellationToken ct) =>
        CanLink(access, appointment) ? NamedFiles.CandidatesAsync(db, access.Activities, appointment.OrganizationId, query, ct) : Task.FromResult(new List<FileCandidate>());

    public Task<FileCandidate?> LinkedAsync(AgendaAccess access, Appointment appointment, CancellationToken ct) =>
        NamedFiles.LinkedAsync(db, access.Activities, appointment.OrganizationId, appointment.BeneficiaryId, ct);

    /// <summary>Links <paramref name="beneficiaryId"/> (null: unlinks). Refused once the record is made: it carries the file already.</summary>
    public async Task<(FileLinkOutcome Outcome, string? Message)> LinkAsync(AgendaAccess access, long appointmentId, long? beneficiaryId, CancellationToken ct)
    {
        var appointment = await access.Appointments(db.Appointments).FirstOrDefaultAsync(a => a.Id == appointmentId, ct);
        if (appointment is null)
        {
            return (FileLinkOutcome.NotFound, null);
        }

        if (!CanLink(access, appointment))
        {
            return (FileLinkOutcome.Refused, "Vous ne tenez pas de fiches pour la structure de ce rendez-vous, ou il est annulé.");
        }

        if (appointment.ActivityId is not null)
        {
            return (FileLinkOutcome.Refused, "Le compte rendu de ce rendez-vous est déjà fait : changez la fiche depuis le compte rendu.");
        }

        if (beneficiaryId is { } id && !await NamedFiles.IsLinkableAsync(db, access.Activities, appointment.OrganizationId, id, ct))
        {
            return (FileLinkOutcome.InvalidFile, NamedFiles.InvalidFileMessage);
        }

        var outcome = beneficiaryId is null ? FileLinkOutcome.Unlinked : FileLinkOutcome.Linked;
        if (appointment.BeneficiaryId == beneficiaryId)
        {
            return (outcome, null);
        }

        appointment.BeneficiaryId = beneficiaryId;
        appointment.ModifiedAt = DateTimeOffset.UtcNow;
        appointment.Version++;
        audit.Record(AuditActions.AppointmentFileLinked, "rendez-vous", appointmentId.ToString(CultureInfo.InvariantCulture), LinkText(beneficiaryId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (FileLinkOutcome.Refused, "Ce rendez-vous vient d'être modifié par quelqu'un d'autre : rechargez la page.");
        }

        return (outcome, null);
    }

    public static string LinkText(long? beneficiaryId) =>
        beneficiaryId is { } linked ? $"fiche n° {linked.ToString(CultureInfo.InvariantCulture)} rattachée" : "fiche détachée";
}
