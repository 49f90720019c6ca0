using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Pages.Activites;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Permanences;

/// <summary>Adds (/agenda/permanences/nouvelle) or changes (/agenda/permanences/{id}/modifier) one weekly range.</summary>
public sealed class EditModel(AppDbContext db, ScopeAccessor scopes, PermanenceService service, ActivityService activities, TimeProvider clock) : AgendaPageModel(db, scopes)
{
    [BindProperty]
    public PermanenceInput Form { get; set; } = new();

    [BindProperty]
    public uint? Version { get; set; }

    public int? Id { get; private set; }
    public IReadOnlyList<(string UserId, string Name, int OrganizationId)> Advisors { get; private set; } = [];
    public IReadOnlyList<PlaceChoice> Places { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanUseAgenda)
        {
            return Forbid();
        }

        if (id is { } existing)
        {
            var permanence = await service.Readable(access).FirstOrDefaultAsync(p => p.Id == existing, ct);
            if (permanence is null)
            {
                return NotFound();
            }

            Id = existing;
            Form = PermanenceInput.From(permanence);
            Version = permanence.Version;
        }
        else
        {
            var today = AgendaText.ParisDate(clock.GetUtcNow());
            Form = new PermanenceInput { Day = today.DayOfWeek, Start = new TimeOnly(9, 0), End = new TimeOnly(12, 0), ValidFrom = today, Mode = PermanenceMode.Appointment };
        }

        return await ShowAsync(access, ct);
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanUseAgenda)
        {
            return Forbid();
        }

        Id = id;
        // Shape errors (a time typed badly) are said in French on the field, and the rules run too.
        var shape = ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key).ToList();
        ModelState.Clear();
        foreach (var key in shape)
        {
            ModelState.AddModelError(key, key switch
            {
                "Form.Start" or "Form.End" => "Écrivez une heure au format 09:30.",
                "Form.ValidFrom" or "Form.ValidUntil" => "Écrivez une date au format jj/mm/aaaa.",
                _ => "Cette valeur n'est pas valide.",
            });
        }

        var result = await service.SaveAsync(access, id, Form, id is null ? null : Version, ct);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved when ModelState.IsValid:
                var p = result.Value!;
                TempData["Message"] = $"Permanence enregistrée : le {AgendaText.Day(p.Day)} {AgendaText.Range(p.Start, p.End)}.";
                return Redirect("/agenda/permanences");
            case SaveStatus.Conflict:
                ModelState.AddModelError("", "Cette permanence a été modifiée entre-temps : rechargez la page pour voir la dernière version.");
                break;
            default:
                AddErrors(result.Errors);
                break;
        }

        return await ShowAsync(access, ct);
    }

    private async Task<IActionResult> ShowAsync(AgendaAccess access, CancellationToken ct)
    {
        Advisors = access.IsManager ? await service.AdvisorsAsync(access, ct) : [];
        var advisorId = Form.AdvisorId is { Length: > 0 } a ? a : access.UserId;
        var organizationId = await Db.AdvisorProfiles.Where(p => p.UserId == advisorId).Select(p => (int?)p.OrganizationId).FirstOrDefaultAsync(ct)
            ?? (access.IsAdvisor ? access.Activities.RecordingOrganizationIds[0] : Advisors.Select(x => (int?)x.OrganizationId).FirstOrDefault());
        if (access.IsManager && Advisors.Count > 0 && Form.AdvisorId is null && !access.IsAdvisor)
        {
            Form.AdvisorId = Advisors[0].UserId;
        }

        // Managers see every place of the organizations they manage; an advisor, their organization's.
        var orgs = access.IsManager && !access.IsAdvisor ? Advisors.Select(x => x.OrganizationId).Distinct().ToList() : organizationId is { } o ? [o] : [];
        var places = new List<PlaceChoice>();
        foreach (var org in orgs.Take(20))
        {
            places.AddRange(await activities.PlacesOf(org).AsNoTracking().Select(p => new PlaceChoice(p.Id, p.Name, p.CommuneName)).Take(300).ToListAsync(ct));
        }

        Places = [.. places.DistinctBy(p => p.Id).OrderBy(p => p.Name, StringComparer.Create(AgendaText.French, false))];
        return Page();
    }
}
