using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Beneficiaires;

/// <summary>
/// /beneficiaires/nouvelle: a named file, only with the person's consent. The purpose shown (for the organization chosen)
/// is the one stored; a user holding files for several organizations picks one first (?structure=).
/// </summary>
public sealed class NouvelleModel(AppDbContext db, ScopeAccessor scopes, BeneficiaryService service) : BeneficiaryFormModel
{
    public IReadOnlyList<BeneficiaryOrganization> Organizations { get; private set; } = [];
    public BeneficiaryOrganization Organization { get; private set; } = null!;
    public string Purpose { get; private set; } = "";
    public int RetentionMonths => service.RetentionMonths;

    public async Task<IActionResult> OnGetAsync(int? structure, CancellationToken ct)
    {
        if (!await LoadAsync(structure, ct))
        {
            return NotFound();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(Input.OrganizationId, ct))
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
        return Redirect($"/beneficiaires/{result.File.Id}");
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
