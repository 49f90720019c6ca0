using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Beneficiaires;

/// <summary>/beneficiaires/{id}/modifier: corrects a file (right of rectification); audited, guarded by the file's version.</summary>
public sealed class ModifierModel(AppDbContext db, ScopeAccessor scopes, BeneficiaryService service) : BeneficiaryFormModel
{
    public const string ConflictMessage = "Cette fiche a été modifiée entre-temps par quelqu'un d'autre : ses valeurs actuelles sont affichées ci-dessous. Reportez vos corrections, puis enregistrez.";

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public string? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var file = await service.OpenAsync(access, BeneficiaryActor.Of(User), id, ct);
        if (file is null)
        {
            return NotFound();
        }

        Fill(file);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var file = await service.FindAsync(access, id, ct);
        if (file is null)
        {
            return NotFound();
        }

        Prepare(file);
        var binding = BindingErrors();
        if (binding.Count > 0)
        {
            var (rules, _) = BeneficiaryRules.Validate(Input, Today.Year, creating: false, Departement(file));
            ShowErrors(Merge(rules, binding));
            return Page();
        }

        var result = await service.UpdateAsync(access, id, Input, Input.Version ?? 0, ct);
        switch (result.Status)
        {
            case BeneficiarySaveStatus.Updated:
                TempData["Message"] = "La fiche a été enregistrée.";
                return Redirect($"/beneficiaires/{id}");
            case BeneficiarySaveStatus.Invalid:
                ShowErrors(result.Errors);
                return Page();
            case BeneficiarySaveStatus.Conflict:
                db.ChangeTracker.Clear();
                var current = await service.FindAsync(access, id, ct);
                if (current is null)
                {
                    return NotFound();
                }

                ModelState.Clear();
                Fill(current);
                Conflict = ConflictMessage;
                return Page();
            default:
                return NotFound();
        }
    }

    private void Fill(Beneficiary file)
    {
        Prepare(file);
        Input = new BeneficiaryInput
        {
            FirstName = file.FirstName,
            LastName = file.LastName,
            Phone = file.Phone,
            Email = file.Email,
            BirthYear = file.BirthYear,
            CommuneCode = file.CommuneCode is null ? null : BeneficiaryCommunes.Display(file.CommuneCode),
            Gender = file.Gender,
            Status = file.Status,
            Notes = file.Notes,
            Version = file.Version,
        };
    }

    private void Prepare(Beneficiary file)
    {
        Id = file.Id;
        Name = $"{file.FirstName} {file.LastName}";
        Today = service.Today;
        CommuneOptions = BeneficiaryCommunes.OfDepartement(Departement(file));
    }

    private string? Departement(Beneficiary file) =>
        BeneficiaryCommunes.Find(db.Organizations.AsNoTracking().Where(o => o.Id == file.OrganizationId).Select(o => o.Commune != null ? o.Commune.Code : null).FirstOrDefault())?.Departement;
}
