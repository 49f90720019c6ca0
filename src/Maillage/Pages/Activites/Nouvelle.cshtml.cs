using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Activites;

/// <summary>
/// « Nouvelle activité »: one phone-first form. Defaults come from the advisor's previous record (place, duration, equipment;
/// the type is always « individuel », the most common), so that a typical individual record is one theme and « Enregistrer ». Also serves « dupliquer » (?depuis=id) and a
/// named file's « enregistrer un accompagnement » (?beneficiaire=id).
/// </summary>
public sealed class NouvelleModel(AppDbContext db, ScopeAccessor scopes, ActivityService service, Features.Accompagnements.Beneficiaires.BeneficiaryService beneficiaries) : ActivityPageModel(db, scopes)
{
    [BindProperty]
    public ActivityForm Form { get; set; } = new();

    public ActivityFormView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long? depuis, long? beneficiaire, ActivityType? type, long? rendezVous, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanRecord)
        {
            return Forbid();
        }

        ActivityInput defaults;
        if (depuis is { } sourceId && await service.FindAsync(access, sourceId, ct) is { } source && access.RecordingOrganizationIds.Contains(source.OrganizationId))
        {
            // A duplicate is the same activity on another day: everything but the date, the file and the notes.
            defaults = ActivityService.ToInput(source);
            defaults.BeneficiaryId = null;
            defaults.Notes = null;
        }
        else
        {
            defaults = new ActivityInput { Type = ActivityType.Individual, DurationMinutes = 30 };
            if (await service.LastOfAsync(access.UserId!, ct) is { } last && access.RecordingOrganizationIds.Contains(last.OrganizationId))
            {
                defaults.OrganizationId = last.OrganizationId;
                defaults.DurationMinutes = last.DurationMinutes;
                defaults.Location = last.Location;
                defaults.PlaceId = last.PlaceId;
                defaults.LocationCommuneCode = last.LocationCommuneCode;
                defaults.Equipment = ActivityService.ToInput(last).Equipment;
            }
        }

        defaults.Date = service.Today;
        defaults.Type = type ?? defaults.Type;
        defaults.BeneficiaryId = beneficiaire ?? defaults.BeneficiaryId;
        if (beneficiaire is not null)
        {
            defaults.Type = ActivityType.Individual;
        }

        // « Transformer en compte rendu » (agenda): the honoured appointment's date, place, length and theme.
        if (rendezVous is { } appointmentId && !await Features.Agenda.Conseillers.AppointmentRecords.PrefillAsync(Db, access, appointmentId, defaults, ct))
        {
            return NotFound();
        }

        Form = ActivityForm.From(defaults);
        Form.IdempotencyKey = Guid.NewGuid().ToString("N");
        var organizationId = Form.OrganizationId ?? access.RecordingOrganizationIds[0];
        Form.OrganizationId = organizationId;
        View = await ActivityFormView.LoadAsync(Db, service, beneficiaries, access, Form, isNew: true, organizationId, ct);
        if (Form.Location is null && View.Places.Count > 0)
        {
            Form.Location = ActivityLocation.Place;
            Form.PlaceId = View.Places[0].Id;
        }

        if (beneficiaire is not null && View.Person is null)
        {
            return NotFound();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? suivante, long? rendezVous, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanRecord)
        {
            return Forbid();
        }

        ModelState.Clear();
        var input = Form.ToInput(ModelState, "Form.");
        if (ModelState.IsValid)
        {
            var result = await service.CreateAsync(access, input, Form.IdempotencyKey, ct);
            if (result.Succeeded)
            {
                if (rendezVous is { } appointmentId)
                {
                    await Features.Agenda.Conseillers.AppointmentRecords.LinkAsync(Db, access, appointmentId, result.Activity!.Id, ct);
                }

                TempData["Message"] = result.Status == ActivitySaveStatus.Replayed
                    ? "Cette activité était déjà enregistrée : elle n'a pas été enregistrée deux fois."
                    : $"Activité enregistrée : {ActivityLabels.Label(result.Activity!.Type).ToLowerInvariant()} du {result.Activity.Date:dd/MM/yyyy}, {ActivityFormView.Minutes(result.Activity.DurationMinutes)}.";
                return suivante is null ? RedirectToPage("Details", new { id = result.Activity!.Id }) : RedirectToPage("Nouvelle");
            }

            AddErrors(result.Errors);
        }
        else
        {
            AddErrors(await service.ValidateAsync(Form.OrganizationId is { } chosen && access.RecordingOrganizationIds.Contains(chosen) ? chosen : access.RecordingOrganizationIds[0], input, null, ct));
        }

        var organizationId = Form.OrganizationId is { } o && access.RecordingOrganizationIds.Contains(o) ? o : access.RecordingOrganizationIds[0];
        View = await ActivityFormView.LoadAsync(Db, service, beneficiaries, access, Form, isNew: true, organizationId, ct);
        return Page();
    }
}
