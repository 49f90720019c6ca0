using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Beneficiaires;

/// <summary>
/// /beneficiaires/nouvelle: a named file, only with the person's consent. The purpose shown (for the organization chosen)
/// is the one stored; a user holding files for several organizations picks one first (?structure=).
/// </summary>
public sealed class NouvelleModel(AppDbContext db, ScopeAccessor scopes, BeneficiaryService service, Features.Agenda.Conseillers.AppointmentFiles appointmentFiles) : BeneficiaryFormModel
{
    /// <summary>The appointment the file is created from (?rendezVous=): its contact pre-fills the form, and the file is linked to it.</summary>
    public long? AppointmentId { get; private set; }

    public IReadOnlyList<BeneficiaryOrganization> Organizations { get; private set; } = [];
    public BeneficiaryOrganization Organization { get; private set; } = null!;
    public string Purpose { get; private set; } = "";
    public int RetentionMonths => service.RetentionMonths;

    public async Task<IActionResult> OnGetAsync(int? structure, long? rendezVous, CancellationToken ct)
    {
        if (!await LoadAsync(structure, ct))
        {
            return NotFound();
        }

        if (rendezVous is { } appointmentId)
        {
            if (await AppointmentAsync(appointmentId, ct) is not { } appointment)
            {
                return NotFound();
            }

            // « Nothing typed twice »: the name the person gave when booking, split at its first space, and their contact.
            var name = appointment.ContactName.Trim();
            var space = name.IndexOf(' ', StringComparison.Ordinal);
            Input.FirstName = space > 0 ? name[..space] : name;
            Input.LastName = space > 0 ? name[(space + 1)..].Trim() : null;
            Input.Phone = appointment.ContactPhone;
            Input.Email = appointment.ContactEmail;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? rendezVous, CancellationToken ct)
    {
        if (!await LoadAsync(Input.OrganizationId, ct))
        {
            return NotFound();
        }

        if (rendezVous is { } fromAppointment && await AppointmentAsync(fromAppointment, ct) is null)
        {
            return NotFound();
        }

        if (Input.OrganizationId is { } posted && posted != Organization.Id)
        {
            ShowErrors(new Dictionary<string, string[]> { [nameof(Input.OrganizationId)] = ["Vous ne tenez pas de fiches pour cette structure : choisissez-en une dans la liste."] });
            return Page();
        }

        Input.OrganizationId = Organization.Id;
        var binding = BindingErrors();
        if (binding.Count > 0)
        {
            var (rules, _) = BeneficiaryRules.Validate(Input, Today.Year, creating: true, Organization.Departement);
            ShowErrors(Merge(rules, binding));
            return Page();
        }

        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var result = await service.CreateAsync(access, BeneficiaryActor.Of(User)!, Input, ct);
        if (!result.Succeeded)
        {
            ShowErrors(result.Errors);
            return Page();
        }

        TempData["Message"] = $"La fiche de {result.File!.FirstName} {result.File.LastName} a été créée, avec son consentement.";
        if (rendezVous is { } linkTo)
        {
            var agenda = await Features.Agenda.Conseillers.AgendaAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
            var (outcome, refusal) = await appointmentFiles.LinkAsync(agenda, linkTo, result.File.Id, ct);
            TempData["Message"] = outcome == Features.Agenda.Conseillers.FileLinkOutcome.Linked
                ? $"La fiche de {result.File.FirstName} {result.File.LastName} a été créée, avec son consentement, et rattachée au rendez-vous."
                : $"La fiche de {result.File.FirstName} {result.File.LastName} a été créée, avec son consentement, mais pas rattachée au rendez-vous : {refusal}";
            return Redirect($"/agenda/rendez-vous/{linkTo}");
        }

        return Redirect($"/beneficiaires/{result.File.Id}");
    }

    /// <summary>The appointment the user reads and may link a file of this organization to; null otherwise.</summary>
    private async Task<Features.Agenda.Appointment?> AppointmentAsync(long id, CancellationToken ct)
    {
        var agenda = await Features.Agenda.Conseillers.AgendaAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var appointment = await agenda.Appointments(db.Appointments.AsNoTracking()).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null || !Features.Agenda.Conseillers.AppointmentFiles.CanLink(agenda, appointment) || appointment.OrganizationId != Organization.Id)
        {
            return null;
        }

        AppointmentId = id;
        return appointment;
    }

    private async Task<bool> LoadAsync(int? organizationId, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        Organizations = await service.OrganizationsAsync(access, ct);
        if (Organizations.Count == 0)
        {
            return false;
        }

        Organization = Organizations.FirstOrDefault(o => o.Id == organizationId) ?? Organizations[0];
        Purpose = service.PurposeFor(Organization);
        Today = service.Today;
        CommuneOptions = BeneficiaryCommunes.OfDepartement(Organization.Departement);
        return true;
    }
}
