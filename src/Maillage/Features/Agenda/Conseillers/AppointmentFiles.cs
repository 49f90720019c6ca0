using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Conseillers;

/// <summary>A named file offered for an appointment: enough to tell two people of the same name apart.</summary>
public sealed record FileCandidate(long Id, string Name, int? BirthYear, string? CommuneCode, DateOnly? LastActivityOn);

public enum FileLinkOutcome
{
    Linked,
    Unlinked,
    NotFound,
    Refused,

    /// <summary>The file asked for is unknown, erased, or of another organization.</summary>
    InvalidFile,
}

/// <summary>
/// Links an appointment to the person's named file (or unlinks it), so that « Transformer en compte rendu » records the
/// activity for that file: the advisor never types the person twice. Only files of the appointment's organization that the
/// user may open are offered or accepted, and each change is written to the journal.
/// </summary>
public sealed class AppointmentFiles(AppDbContext db, AuditLog audit)
{
    public const int MaxCandidates = 10;

    /// <summary>The user holds files for the appointment's organization (advisor or Structure there).</summary>
    public static bool CanLink(AgendaAccess access, Appointment appointment) =>
        access.Activities.BeneficiaryOrganizationIds.Contains(appointment.OrganizationId) && appointment.Status != AppointmentStatus.Cancelled;

    /// <summary>Files matching the search (the contact's name by default), in the appointment's organization.</summary>
    public async Task<List<FileCandidate>> CandidatesAsync(AgendaAccess access, Appointment appointment, string? query, CancellationToken ct)
    {
        if (!CanLink(access, appointment) || string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var files = access.Activities.Beneficiaries(db.Beneficiaries.AsNoTracking()).Where(b => b.OrganizationId == appointment.OrganizationId);
        return await BeneficiarySearch.Matching(files, query)
            .OrderBy(b => b.LastName).ThenBy(b => b.FirstName).ThenBy(b => b.Id)
            .Take(MaxCandidates)
            .Select(b => new FileCandidate(b.Id, ((b.FirstName ?? "") + " " + (b.LastName ?? "")).Trim(), b.BirthYear, b.CommuneCode, b.LastActivityOn))
            .ToListAsync(ct);
    }

    /// <summary>The linked file's name, or null when none is linked or the user may not open it.</summary>
    public async Task<FileCandidate?> LinkedAsync(AgendaAccess access, Appointment appointment, CancellationToken ct)
    {
        if (appointment.BeneficiaryId is not { } id)
        {
            return null;
        }

        return await access.Activities.Beneficiaries(db.Beneficiaries.AsNoTracking()).Where(b => b.Id == id)
            .Select(b => new FileCandidate(b.Id, ((b.FirstName ?? "") + " " + (b.LastName ?? "")).Trim(), b.BirthYear, b.CommuneCode, b.LastActivityOn))
            .FirstOrDefaultAsync(ct);
    }

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

        if (beneficiaryId is { } id)
        {
            var file = await access.Activities.Beneficiaries(db.Beneficiaries.AsNoTracking())
                .Where(b => b.Id == id && b.OrganizationId == appointment.OrganizationId && b.AnonymisedAt == null)
                .Select(b => new { b.Id })
                .FirstOrDefaultAsync(ct);
            if (file is null)
            {
                return (FileLinkOutcome.InvalidFile, "Cette fiche n'existe pas ou n'appartient pas à la structure du rendez-vous.");
            }
        }

        if (appointment.BeneficiaryId == beneficiaryId)
        {
            return (beneficiaryId is null ? FileLinkOutcome.Unlinked : FileLinkOutcome.Linked, null);
        }

        appointment.BeneficiaryId = beneficiaryId;
        appointment.ModifiedAt = DateTimeOffset.UtcNow;
        appointment.Version++;
        audit.Record(AuditActions.AppointmentFileLinked, "rendez-vous", appointmentId.ToString(CultureInfo.InvariantCulture),
            beneficiaryId is { } linked ? $"fiche n° {linked.ToString(CultureInfo.InvariantCulture)} rattachée" : "fiche détachée");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (FileLinkOutcome.Refused, "Ce rendez-vous vient d'être modifié par quelqu'un d'autre : rechargez la page.");
        }

        return (beneficiaryId is null ? FileLinkOutcome.Unlinked : FileLinkOutcome.Linked, null);
    }
}
