using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.RendezVous;

/// <summary>Links the appointment to the person's named file: search among the organization's files, or create one.</summary>
public sealed class FicheModel(AppDbContext db, ScopeAccessor scopes, AppointmentStatusService appointments, AppointmentFiles files) : AgendaPageModel(db, scopes)
{
    public Appointment Appointment { get; private set; } = null!;
    public FileCandidate? Linked { get; private set; }
    public IReadOnlyList<FileCandidate> Candidates { get; private set; } = [];

    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostLinkAsync(long id, long beneficiaryId, CancellationToken ct) => await ChangeAsync(id, beneficiaryId, ct);

    public async Task<IActionResult> OnPostUnlinkAsync(long id, CancellationToken ct) => await ChangeAsync(id, null, ct);

    private async Task<IActionResult> ChangeAsync(long id, long? beneficiaryId, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var (outcome, message) = await files.LinkAsync(access, id, beneficiaryId, ct);
        switch (outcome)
        {
            case FileLinkOutcome.NotFound:
                return NotFound();
            case FileLinkOutcome.Refused or FileLinkOutcome.InvalidFile:
                TempData["Message"] = message;
                return Redirect($"/agenda/rendez-vous/{id}/fiche");
            case FileLinkOutcome.Linked:
                TempData["Message"] = "La fiche est rattachée : le compte rendu de ce rendez-vous sera fait pour elle.";
                return Redirect($"/agenda/rendez-vous/{id}");
            default:
                TempData["Message"] = "La fiche est détachée du rendez-vous.";
                return Redirect($"/agenda/rendez-vous/{id}");
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (await appointments.Readable(access).FirstOrDefaultAsync(a => a.Id == id, ct) is not { } appointment || !AppointmentFiles.CanLink(access, appointment))
        {
            return false;
        }

        Appointment = appointment;
        Linked = await files.LinkedAsync(access, appointment, ct);
        Query ??= appointment.ContactName;
        Candidates = await files.CandidatesAsync(access, appointment, Query, ct);
        return true;
    }
}
