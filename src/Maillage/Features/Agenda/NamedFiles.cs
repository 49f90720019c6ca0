using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda;

/// <summary>A named file offered for an appointment or a registration: enough to tell two people of the same name apart.</summary>
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
/// The named files an agenda entry (appointment, workshop registration) may be linked to: those of the entry's organization
/// that the user may open, never anonymised ones. One place for the search and the check, whatever links.
/// </summary>
public static class NamedFiles
{
    public const int MaxCandidates = 10;
    public const string InvalidFileMessage = "Cette fiche n'existe pas ou n'appartient pas à la structure.";

    public static bool CanLink(ActivityAccess access, int organizationId) => access.BeneficiaryOrganizationIds.Contains(organizationId);

    public static async Task<List<FileCandidate>> CandidatesAsync(AppDbContext db, ActivityAccess access, int organizationId, string? query, CancellationToken ct)
    {
        if (!CanLink(access, organizationId) || string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        return await Project(BeneficiarySearch.Matching(Files(db, access, organizationId), query)
            .OrderBy(b => b.LastName).ThenBy(b => b.FirstName).ThenBy(b => b.Id)
            .Take(MaxCandidates)).ToListAsync(ct);
    }

    /// <summary>The linked file, or null when none is linked or the user may not open it.</summary>
    public static async Task<FileCandidate?> LinkedAsync(AppDbContext db, ActivityAccess access, int organizationId, long? beneficiaryId, CancellationToken ct) =>
        beneficiaryId is { } id ? await Project(Files(db, access, organizationId).Where(b => b.Id == id)).FirstOrDefaultAsync(ct) : null;

    /// <summary>The file may be linked to an entry of this organization by this user.</summary>
    public static Task<bool> IsLinkableAsync(AppDbContext db, ActivityAccess access, int organizationId, long beneficiaryId, CancellationToken ct) =>
        Files(db, access, organizationId).AnyAsync(b => b.Id == beneficiaryId, ct);

    private static IQueryable<Beneficiary> Files(AppDbContext db, ActivityAccess access, int organizationId) =>
        access.Beneficiaries(db.Beneficiaries.AsNoTracking()).Where(b => b.OrganizationId == organizationId && b.AnonymisedAt == null);

    private static IQueryable<FileCandidate> Project(IQueryable<Beneficiary> files) =>
        files.Select(b => new FileCandidate(b.Id, ((b.FirstName ?? "") + " " + (b.LastName ?? "")).Trim(), b.BirthYear, b.CommuneCode, b.LastActivityOn));
}
