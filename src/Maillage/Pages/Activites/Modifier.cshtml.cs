using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Activites;

/// <summary>Changes a record (author, the organization's Structure accounts, its territory's coordinators), audited, with a version check.</summary>
public sealed class ModifierModel(AppDbContext db, ScopeAccessor scopes, ActivityService service, Features.Accompagnements.Beneficiaires.BeneficiaryService beneficiaries) : ActivityPageModel(db, scopes)
{
    [BindProperty]
    public ActivityForm Form { get; set; } = new();

    public ActivityFormView View { get; private set; } = null!;

    public long Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var activity = await service.FindAsync(access, id, ct);
        if (activity is null || !access.CanChange(activity))
        {
            return NotFound();
        }

        Id = id;
        Form = ActivityForm.From(ActivityService.ToInput(activity));
        Form.Version = activity.Version;
        View = await ActivityFormView.LoadAsync(Db, service, beneficiaries, access, Form, isNew: false, activity.OrganizationId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var activity = await service.FindAsync(access, id, ct);
        if (activity is null || !access.CanChange(activity))
        {
            return NotFound();
        }

        Id = id;
        ModelState.Clear();
        var input = Form.ToInput(ModelState, "Form.");
        if (ModelState.IsValid)
        {
            var result = await service.UpdateAsync(access, id, input, Form.Version, ct);
            switch (result.Status)
            {
                case ActivitySaveStatus.Updated:
                    TempData["Message"] = "Activité modifiée.";
                    return RedirectToPage("Details", new { id });
                case ActivitySaveStatus.NotFound:
                    return NotFound();
                case ActivitySaveStatus.Conflict:
                    ModelState.AddModelError("", "Cette activité a été modifiée par quelqu'un d'autre pendant que vous la modifiiez. Rechargez la page pour voir sa version actuelle, puis refaites votre modification.");
                    break;
                default:
                    AddErrors(result.Errors);
                    break;
            }
        }
        else
        {
            AddErrors(await service.ValidateAsync(activity.OrganizationId, input, activity.PlaceId, ct));
        }

        Form.OrganizationId = activity.OrganizationId;
        View = await ActivityFormView.LoadAsync(Db, service, beneficiaries, access, Form, isNew: false, activity.OrganizationId, ct);
        return Page();
    }
}
