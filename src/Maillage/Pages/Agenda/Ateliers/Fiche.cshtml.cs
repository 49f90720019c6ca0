using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Agenda.Ateliers;

/// <summary>Links a registration to the person's named file: closing the attendance then names them in the activity record.</summary>
public sealed class FicheModel(AppDbContext db, ScopeAccessor scopes, RegistrationFiles files) : StaffPage(db, scopes)
{
    public Registration Registration { get; private set; } = null!;
    public FileCandidate? Linked { get; private set; }
    public IReadOnlyList<FileCandidate> Candidates { get; private set; } = [];

    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, long registrationId, CancellationToken ct)
    {
        await AccessAsync(ct);
        if (await files.FindAsync(Access, id, registrationId, ct) is not { } registration || registration.Status == RegistrationStatus.Cancelled)
        {
            return NotFound();
        }

        Registration = registration;
        var organizationId = registration.Session!.OrganizationId;
        Linked = await NamedFiles.LinkedAsync(Db, Access, organizationId, registration.BeneficiaryId, ct);
        Query ??= registration.ContactName;
        Candidates = await NamedFiles.CandidatesAsync(Db, Access, organizationId, Query, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostLinkAsync(int id, long registrationId, long beneficiaryId, CancellationToken ct) => await ChangeAsync(id, registrationId, beneficiaryId, ct);

    public async Task<IActionResult> OnPostUnlinkAsync(int id, long registrationId, CancellationToken ct) => await ChangeAsync(id, registrationId, null, ct);

    private async Task<IActionResult> ChangeAsync(int id, long registrationId, long? beneficiaryId, CancellationToken ct)
    {
        await AccessAsync(ct);
        var (outcome, message) = await files.LinkAsync(Access, id, registrationId, beneficiaryId, ct);
        switch (outcome)
        {
            case FileLinkOutcome.NotFound:
                return NotFound();
            case FileLinkOutcome.Refused or FileLinkOutcome.InvalidFile:
                TempData["Message"] = message;
                return Redirect($"/agenda/ateliers/{id}/inscriptions/{registrationId}/fiche");
            default:
                TempData["Message"] = outcome == FileLinkOutcome.Linked
                    ? "La fiche est rattachée : la personne sera nommée dans le compte rendu de la séance si elle est cochée présente."
                    : "La fiche est détachée de l'inscription.";
                return Redirect($"/agenda/ateliers/{id}");
        }
    }
}
