using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Beneficiaires;

/// <summary>
/// /beneficiaires/nouvelle: a named file, only with the person's consent. The purpose shown (for the organization chosen)
/// is the one stored; a user holding files for several organizations picks one first (?structure=).
/// </summary>
public sealed class NouvelleModel(
    AppDbContext db, ScopeAccessor scopes, BeneficiaryService service, AppointmentFiles appointmentFiles, RegistrationFiles registrationFiles) : BeneficiaryFormModel
{
    /// <summary>
    /// The agenda entry the file is created from (?rendezVous= or ?inscription=): its contact pre-fills the form, and the new
    /// file is linked to it. « Nothing typed twice. »
    /// </summary>
    private sealed record Source(string Field, long Id, string Name, string? Phone, string? Email, string What, string ReturnUrl, Func<long, Task<(FileLinkOutcome Outcome, string? Message)>> LinkAsync);

    private Source? _source;

    /// <summary>The hidden field and value that carry the source through the post.</summary>
    public (string Field, long Id)? SourceField => _source is { } s ? (s.Field, s.Id) : null;

    public IReadOnlyList<BeneficiaryOrganization> Organizations { get; private set; } = [];
    public BeneficiaryOrganization Organization { get; private set; } = null!;
    public string Purpose { get; private set; } = "";
    public int RetentionMonths => service.RetentionMonths;

    public async Task<IActionResult> OnGetAsync(int? structure, long? rendezVous, long? inscription, CancellationToken ct)
    {
        if (!await LoadAsync(structure, ct))
        {
            return NotFound();
        }

        if (rendezVous is not null || inscription is not null)
        {
            if (!await LoadSourceAsync(rendezVous, inscription, ct))
            {
                return NotFound();
            }

            // The name the person gave when booking, split at its first space, and their contact.
            var name = _source!.Name.Trim();
            var space = name.IndexOf(' ', StringComparison.Ordinal);
            Input.FirstName = space > 0 ? name[..space] : name;
            Input.LastName = space > 0 ? name[(space + 1)..].Trim() : null;
            Input.Phone = _source.Phone;
            Input.Email = _source.Email;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? rendezVous, long? inscription, CancellationToken ct)
    {
        if (!await LoadAsync(Input.OrganizationId, ct))
        {
            return NotFound();
        }

        if ((rendezVous is not null || inscription is not null) && !await LoadSourceAsync(rendezVous, inscription, ct))
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
        if (_source is { } source)
        {
            var (outcome, refusal) = await source.LinkAsync(result.File.Id);
            TempData["Message"] = outcome == FileLinkOutcome.Linked
                ? $"La fiche de {result.File.FirstName} {result.File.LastName} a été créée, avec son consentement, et rattachée {source.What}."
                : $"La fiche de {result.File.FirstName} {result.File.LastName} a été créée, avec son consentement, mais pas rattachée {source.What} : {refusal}";
            return Redirect(source.ReturnUrl);
        }

        return Redirect($"/beneficiaires/{result.File.Id}");
    }

    /// <summary>The appointment or registration the user may link a file of this organization to; false otherwise.</summary>
    private async Task<bool> LoadSourceAsync(long? appointmentId, long? registrationId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (appointmentId is { } a)
        {
            var agenda = await AgendaAccess.ForAsync(db, scope, ct);
            var appointment = await agenda.Appointments(db.Appointments.AsNoTracking()).FirstOrDefaultAsync(x => x.Id == a, ct);
            if (appointment is null || !AppointmentFiles.CanLink(agenda, appointment) || appointment.OrganizationId != Organization.Id)
            {
                return false;
            }

            _source = new Source("rendezVous", a, appointment.ContactName, appointment.ContactPhone, appointment.ContactEmail, "au rendez-vous",
                $"/agenda/rendez-vous/{a}", fileId => appointmentFiles.LinkAsync(agenda, a, fileId, ct));
            return true;
        }

        var access = await ActivityAccess.ForAsync(db, scope, ct);
        var registration = await db.Registrations.AsNoTracking().Where(r => r.Id == registrationId).Select(r => new { r.WorkshopSessionId }).FirstOrDefaultAsync(ct);
        if (registration is null || await registrationFiles.FindAsync(access, registration.WorkshopSessionId, registrationId!.Value, ct) is not { } found
            || found.Status == RegistrationStatus.Cancelled || found.Session!.OrganizationId != Organization.Id)
        {
            return false;
        }

        var sessionId = registration.WorkshopSessionId;
        _source = new Source("inscription", found.Id, found.ContactName, found.ContactPhone, found.ContactEmail, "à l'inscription",
            $"/agenda/ateliers/{sessionId}", fileId => registrationFiles.LinkAsync(access, sessionId, found.Id, fileId, ct));
        return true;
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
